"""One household across consultations and ファミサポ: the municipality's register (families),
search before create on both sides, the page that shows both, imports and disposal."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from families import registry
from families.models import Family
from famisapo.models import Member
from tests.factories import UserFactory, grant, make_family, verify

PHONE = "049-555-0101"


def _member_form(**extra):
    return {
        "kind": "requester",
        "name": "山田 花子",
        "kana": "やまだ はなこ",
        "phone": "０４９−５５５−０１０１",
        "address_area": "脇田町1丁目",
        "registered_on": "2025-05-01",
    } | extra


def test_the_same_family_is_the_surname_or_name_reading_and_the_phone(centres):
    city_a, city_b = centres.world.city_a, centres.world.city_b
    family = registry.register(city_a, family_name="山田 花子", kana="やまだ はなこ", phone=PHONE)
    assert (family.family_name, family.family_name_kana, family.phone) == (
        "山田",
        "ヤマダ",
        "0495550101",
    )
    same = registry.same_family
    assert same(city_a, kana="ヤマダ", phone="0495550101") == [family]
    assert same(city_a, kana="ﾔﾏﾀﾞﾀﾛｳ", phone="049 555 0101") == [family]  # whole name, half-width
    assert same(city_a, kana="ヤマモト", phone=PHONE) == []  # another surname
    assert same(city_a, kana="ヤマダ", phone="049-555-0102") == []  # another phone
    assert same(city_a, kana="ヤマダ", phone="0101") == []  # too few digits to tell
    assert same(city_a, kana="", phone=PHONE) == []
    assert same(city_b, kana="ヤマダ", phone=PHONE) == []  # another municipality's register


def test_a_requester_joins_the_household_the_hub_already_knows(client, centres):
    """Search before create across services: the coordinator is asked, and the answer links."""
    w = centres.world
    household = make_family(w.hub_a1, kana="やまだ", name="山田", phone="0495550101")
    verify(client, w.users.coord_a)
    url = reverse("famisapo:member_new", args=[centres.own.centre.public_id])

    response = client.post(url, _member_form())
    page = response.content.decode()
    assert response.status_code == 200
    assert "同じ世帯か、別の世帯として登録するか選んでください" in page
    assert "山田 家" in page and "末尾0101" in page
    assert not Member.objects.filter(name="山田 花子").exists()  # nothing saved until answered

    response = client.post(url, _member_form(same_family=str(household.family.public_id)))
    assert response.status_code == 302
    member = Member.objects.get(name="山田 花子")
    assert member.family == household.family
    assert Family.objects.filter(family_name_kana="ヤマダ").count() == 1


def test_a_requester_may_be_another_household_and_a_helper_is_never_asked(client, centres):
    w = centres.world
    household = make_family(w.hub_a1, kana="やまだ", name="山田", phone="0495550101")
    verify(client, w.users.coord_a)
    url = reverse("famisapo:member_new", args=[centres.own.centre.public_id])
    response = client.post(url, _member_form(same_family="new"))
    assert response.status_code == 302
    member = Member.objects.get(name="山田 花子")
    assert member.family != household.family
    assert member.family.municipality == w.city_a

    response = client.post(url, _member_form(kind="helper", name="山田 次郎"))
    assert response.status_code == 302
    assert Member.objects.get(name="山田 次郎").family is None


def test_a_household_joins_the_family_the_centre_already_knows(client, centres):
    w = centres.world
    specialist = grant(UserFactory(username="spec_reg"), "specialist", hub=w.hub_a1)
    requester = centres.own.requester  # カイイン0002, phone 0492000000
    verify(client, specialist)
    search = reverse("consultations:family_search", args=[w.hub_a1.public_id])
    response = client.post(search, {"kana": "カイイン", "birth_date": "", "phone": ""})
    assert response.context["results"] == []  # the hub's own families: none
    form = {
        "family_name": "会員",
        "family_name_kana": "かいいん",
        "phone": "049-200-0000",
        "language": "日本語",
        "guardian_name": "会員 花子",
        "guardian_kana": "かいいん はなこ",
        "guardian_relationship": "母",
    }
    new_url = reverse("consultations:family_new", args=[w.hub_a1.public_id])
    response = client.post(new_url, form)
    assert response.status_code == 200
    assert "同じ世帯か、別の世帯として登録するか選んでください" in response.content.decode()
    response = client.post(new_url, form | {"same_family": str(requester.family.public_id)})
    assert response.status_code == 302
    household = requester.family.households.get()
    assert household.hub == w.hub_a1


def test_an_answer_naming_no_offered_family_is_refused(client, centres):
    w = centres.world
    make_family(w.hub_a1, kana="やまだ", name="山田", phone="0495550101")
    other = registry.register(w.city_b, family_name="山田", kana="ヤマダ", phone=PHONE)
    verify(client, w.users.coord_a)
    url = reverse("famisapo:member_new", args=[centres.own.centre.public_id])
    response = client.post(url, _member_form(same_family=str(other.public_id)))
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
    assert not Member.objects.filter(name="山田 花子").exists()


@pytest.fixture
def both_sides(centres):
    """The family of centre A1's requester, known to hub A1's consultations too, and a person
    who is both the hub's specialist and the centre's coordinator."""
    w = centres.world
    requester = centres.own.requester
    household = make_family(
        w.hub_a1, kana="かいいん", name="会員", phone="0492000000", family=requester.family
    )
    both = grant(UserFactory(username="both_sides"), "specialist", hub=w.hub_a1)
    grant(both, "famisapo_coordinator", centre=centres.own.centre)
    return household, requester, both


def test_a_person_with_both_rights_sees_both_sides_on_one_page_each_read_audited(
    client, centres, both_sides
):
    household, requester, both = both_sides
    verify(client, both)
    member_page = client.get(reverse("famisapo:member", args=[requester.public_id]))
    family_url = reverse("portal:family", args=[requester.family.public_id])
    assert family_url in member_page.content.decode()

    response = client.get(family_url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "利用者支援（相談の記録）" in page and "ファミリー・サポート・センター" in page
    assert reverse("consultations:family", args=[household.public_id]) in page
    assert reverse("famisapo:member", args=[requester.public_id]) in page
    via_family = AuditEvent.objects.filter(actor_id=both.pk, detail__via="family")
    assert set(via_family.values_list("subject_id", flat=True)) == {
        household.public_id,
        requester.public_id,
    }


def test_each_side_sees_only_its_own_records_of_the_household(client, centres, both_sides):
    household, requester, _ = both_sides
    w = centres.world
    family_url = reverse("portal:family", args=[requester.family.public_id])

    verify(client, w.users.coord_a)
    assert (
        family_url
        not in client.get(reverse("famisapo:member", args=[requester.public_id])).content.decode()
    )  # nothing of this family elsewhere in the coordinator's scope
    page = client.get(family_url).content.decode()
    assert "ファミリー・サポート・センター" in page
    assert "利用者支援（相談の記録）" not in page
    assert household.family_name_kana not in page

    specialist = grant(UserFactory(username="spec_only"), "specialist", hub=w.hub_a1)
    verify(client, specialist)
    page = client.get(family_url).content.decode()
    assert "利用者支援（相談の記録）" in page
    assert requester.number not in page and "最近の活動" not in page


def test_the_household_page_is_404_outside_scope_and_403_without_the_right(
    client, centres, both_sides
):
    _, requester, _ = both_sides
    w = centres.world
    family_url = reverse("portal:family", args=[requester.family.public_id])
    verify(client, w.users.coord_a2)  # another centre of the same city
    assert client.get(family_url).status_code == 404
    verify(client, w.users.staff_a)  # hub staff: the household is in scope, its records are not
    assert client.get(family_url).status_code == 403
    verify(client, w.users.officer_a)  # the officer: figures only, never names
    assert client.get(family_url).status_code == 403
    client.logout()
    response = client.get(family_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_disposal_keeps_a_register_row_another_service_still_has(centres, both_sides):
    household, requester, _ = both_sides
    alone = make_family(centres.world.hub_a1, kana="すずき", name="鈴木", phone="0495559999")
    alone_family = alone.family
    household.delete()
    alone.delete()
    assert registry.drop_unused(centres.world.city_a) >= 1
    assert Family.objects.filter(pk=requester.family_id).exists()
    assert not Family.objects.filter(pk=alone_family.pk).exists()
