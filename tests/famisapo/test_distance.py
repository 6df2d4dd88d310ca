"""Distances between homes in matching, from the centre's table of 町丁目 points."""

import datetime as dt
import uuid

import pytest

from common.importing import read_upload, run_import
from common.services import Actor
from famisapo.matching import distance_km
from famisapo.models import AreaPoint, Availability, HelperProfile, Member, Request
from famisapo.resources import AreaPointResource
from famisapo.selectors_activities import candidates

from .conftest import make_member

POINTS = """町丁目,緯度,経度
脇田町,35.9093,139.4826
霞ケ関北１丁目,35.9186,139.4044
"""


def test_the_distance_between_two_points_is_the_great_circle():
    # 川越駅 to 霞ケ関駅 is about 7 km as the crow flies.
    assert distance_km((35.9093, 139.4826), (35.9186, 139.4044)) == pytest.approx(7.1, abs=0.2)
    assert distance_km((35.9, 139.4), (35.9, 139.4)) == 0


def test_the_points_import_and_re_import_changes_nothing(centres):
    own = centres.own
    actor = Actor(centres.world.users.coord_a)
    data = POINTS.replace("\n", "\r\n").encode("cp932")
    outcome = run_import(
        AreaPointResource(own.centre, actor),
        read_upload(data, AreaPointResource.required_columns),
        dry_run=False,
    )
    assert outcome.ok, outcome.errors
    assert sorted(AreaPoint.objects.values_list("name", flat=True)) == ["脇田町", "霞ケ関北1丁目"]
    again = run_import(
        AreaPointResource(own.centre, actor),
        read_upload(data, AreaPointResource.required_columns),
        dry_run=False,
    )
    assert again.totals == {"new": 0, "update": 0, "skip": 2}
    bad = "町丁目,緯度,経度\n脇田町,139.48,35.90\n".encode()  # latitude and longitude swapped
    outcome = run_import(
        AreaPointResource(own.centre, actor),
        read_upload(bad, AreaPointResource.required_columns),
        dry_run=False,
    )
    assert not outcome.ok and "日本の範囲" in str(outcome.errors)


def test_matching_ranks_the_nearer_helper_first_and_refuses_one_past_their_limit(centres):
    own = centres.own
    centre = own.centre
    AreaPoint.objects.create(centre=centre, name="脇田町", latitude=35.9093, longitude=139.4826)
    AreaPoint.objects.create(centre=centre, name="霞ケ関北", latitude=35.9186, longitude=139.4044)
    AreaPoint.objects.create(centre=centre, name="新富町", latitude=35.9140, longitude=139.4820)
    near = own.helper  # lives in 脇田町1丁目 (the requester's 町)
    far = make_member(centre, "0201", trained_on=dt.date(2024, 3, 1))
    Member.objects.filter(pk=far.pk).update(address_area="霞ケ関北3丁目")
    close = make_member(centre, "0202", trained_on=dt.date(2024, 3, 1))
    Member.objects.filter(pk=close.pk).update(address_area="新富町2丁目")
    HelperProfile.objects.filter(member=far).update(max_km=5)
    for helper in (near, far, close):
        Availability.objects.filter(member=helper).delete()
        Availability.objects.create(
            member=helper, weekday=0, start=dt.time(7, 0), end=dt.time(21, 0)
        )
    request = Request.objects.get(pk=own.request.pk)
    request.pk, request.public_id, request.date = (
        None,
        uuid.uuid4(),
        dt.date(2025, 6, 9),
    )  # a free Monday
    request.save()
    request.children.set(own.request.children.all())
    judged = {c.helper.pk: c for c in candidates(request)}
    assert judged[near.pk].distance_km == 0.0
    assert judged[close.pk].distance_km == pytest.approx(0.5, abs=0.1)
    assert "家から約7.1km（行けるのは5kmまで）" in judged[far.pk].reasons
    order = [c.helper.pk for c in candidates(request) if c.eligible]
    assert order.index(near.pk) < order.index(close.pk)
    assert far.pk not in order
    assert "家から約0.5km" in judged[close.pk].notes()


def test_without_points_matching_gives_no_distance(centres):
    request = Request.objects.get(pk=centres.own.request.pk)
    assert all(c.distance_km is None for c in candidates(request))
