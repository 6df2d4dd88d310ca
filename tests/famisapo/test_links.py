"""Every link on a coordinator's pages leads to a page the coordinator may open (no 403/404)."""

import re

from django.urls import reverse

from tests.factories import verify

HREF = re.compile(r'href="(/[^"#?]*)"')


def _links(body: str) -> set[str]:
    return {h for h in HREF.findall(body) if not h.startswith(("/static/", "/accounts/logout"))}


def test_the_coordinators_pages_link_only_where_they_may_go(client, centres):
    own = centres.own
    verify(client, centres.world.users.coord_a)
    pages = [
        reverse("famisapo:centre", args=[own.centre.public_id]),
        reverse("famisapo:members", args=[own.centre.public_id]),
        reverse("famisapo:member", args=[own.requester.public_id]),
        reverse("famisapo:activity", args=[own.activity.public_id]),
    ]
    bodies = [client.get(p).content.decode() for p in pages]
    # The centre sits at hub A1 in city A; neither page is the coordinator's to open.
    assert centres.world.city_a.name in bodies[0] and centres.world.hub_a1.name in bodies[0]
    assert reverse("portal:municipality", args=[centres.world.city_a.code]) not in bodies[0]
    assert reverse("hubs:detail", args=[centres.world.hub_a1.public_id]) not in bodies[0]
    broken = []
    for link in set().union(*(_links(b) for b in bodies)):
        status = client.get(link).status_code
        if status in (403, 404, 500):
            broken.append((link, status))
    assert broken == []


def test_the_officer_still_gets_the_municipality_link(client, centres):
    verify(client, centres.world.users.officer_a)
    body = client.get(reverse("famisapo:centre", args=[centres.own.centre.public_id])).content
    assert reverse("portal:municipality", args=[centres.world.city_a.code]).encode() in body
