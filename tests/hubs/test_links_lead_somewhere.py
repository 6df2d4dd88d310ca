"""Links on hub pages lead to pages the reader may open (found by crawling as each demo account)."""

from django.urls import reverse


def test_the_hub_page_links_its_municipality_only_for_those_who_may_open_it(world, login):
    hub_url = reverse("hubs:detail", args=[world.hub_a1.public_id])
    city_url = reverse("portal:municipality", args=[world.city_a.code])
    staff_page = login(world.users.staff_a).get(hub_url).content.decode()
    assert world.city_a.name in staff_page and city_url not in staff_page
    assert login(world.users.staff_a).get(city_url).status_code == 404
    officer_page = login(world.users.officer_a).get(hub_url).content.decode()
    assert city_url in officer_page


def test_the_year_pages_offer_no_year_before_the_first(world, login):
    client = login(world.users.staff_a)
    page = client.get(reverse("hubs:events", args=[world.hub_a1.public_id, 2000])).content
    assert reverse("hubs:events", args=[world.hub_a1.public_id, 1999]).encode() not in page
    page = client.get(reverse("hubs:events", args=[world.hub_a1.public_id, 2001])).content
    assert reverse("hubs:events", args=[world.hub_a1.public_id, 2000]).encode() in page


def test_the_month_grids_offer_no_month_before_january_2000(world, login):
    client = login(world.users.staff_a)
    hub = world.hub_a1.public_id
    for name in ("hubs:usage_month", "hubs:temporary_care_month"):
        response = client.get(reverse(name, args=[hub, 2000, 1]))
        assert response.status_code == 200
        assert b"/1999/12/" not in response.content
        page = client.get(reverse(name, args=[hub, 2000, 2])).content
        assert reverse(name, args=[hub, 2000, 1]).encode() in page


def test_the_hub_page_names_the_rules_not_our_reference_notes(world, login):
    page = login(world.users.staff_a).get(reverse("hubs:detail", args=[world.hub_a1.public_id]))
    body = page.content.decode()
    assert "national_rules" not in body and ".md" not in body
