"""Rule programmes register themselves: a new one plugs into evaluate, the facts and the amounts
without any change to the core or to the other programmes."""

import ast
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from reports.eligibility import programmes as registry
from reports.eligibility.amounts import Amount, amounts
from reports.eligibility.core import Clause, Result, Verdict
from reports.eligibility.facts import FactsError, facts_from_json
from reports.eligibility.programmes import Programme, own, register
from reports.eligibility.rulesets import evaluate

CORE = Path(registry.__file__).parent
TODAY = dt.date(2025, 6, 1)


@dataclass
class VisitFacts:
    visits: int


def _visits_rule(facts, ctx):
    n = own(facts, "visits").visits
    verdict = Verdict.OK if n >= 10 else Verdict.NG
    return Result(
        "VS-COUNT", "訪問事業", "訪問の回数", verdict, f"訪問 {n}回", Clause("試験要綱", "1")
    )


def _visits_amounts(report, facts, book):
    return [book.fill(Amount("visits", "visits", "訪問事業"), [("visits:base", "基本")])]


@pytest.fixture
def visits(monkeypatch):
    programme = Programme(
        code="visits",
        label="訪問事業",
        rules=(_visits_rule,),
        from_json=lambda data, span: VisitFacts(int(data.get("visits", 0))),
        json_keys=("visits",),
        amounts=_visits_amounts,
        order=30,
    )
    monkeypatch.setitem(registry._REGISTRY, "visits", programme)
    return programme


def test_the_shipped_programmes_come_in_the_order_of_the_sheet():
    assert [p.code for p in registry.programmes()][:4] == ["kyoten", "riyosha", "famisapo", "local"]


def test_a_registered_programme_is_judged_with_its_own_facts(visits):
    facts = facts_from_json({"visits": 12, "services": ["riyosha_kihon"]}, 2025)
    assert facts.own["visits"] == VisitFacts(12)
    report = evaluate(facts, today=TODAY)
    ids = [r.rule_id for r in report.results]
    assert "VS-COUNT" in ids
    # after every 拠点 and 利用者支援 rule (order 30), before nothing of theirs
    assert max(i for i, r in enumerate(report.results) if r.rule_id.startswith(("KY-", "RY-"))) < (
        ids.index("VS-COUNT")
    )
    assert next(r for r in report.results if r.rule_id == "VS-COUNT").verdict == Verdict.OK
    priced = amounts(report, facts, prices=[], shares_table=[], costs={})
    mine = next(a for a in priced if a.code == "visits")
    assert mine.standard is None and "基本の基準額が登録されていません。" in mine.problems


def test_without_it_nothing_of_it_appears():
    facts = facts_from_json({}, 2025)
    assert "visits" not in facts.own
    assert "VS-COUNT" not in {r.rule_id for r in evaluate(facts, today=TODAY).results}
    # and its key is no longer one a file may use: a typo or a stale key never passes silently
    with pytest.raises(FactsError, match="知らない項目「visits」"):
        facts_from_json({"visits": 12}, 2025)


def test_a_code_is_registered_once(visits):
    with pytest.raises(ValueError, match="registered twice"):
        register(Programme(code="visits", label="別の事業", rules=()))
    assert register(visits) is visits  # the same programme again is harmless


def test_the_core_names_no_programme():
    for name in (
        "core.py",
        "rulesets.py",
        "facts.py",
        "facts_json.py",
        "amounts.py",
        "programmes.py",
    ):
        tree = ast.parse((CORE / name).read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not imported & {"kyoten", "riyosha", "local"}, name
        assert not any("kyoten" in m or "riyosha" in m for m in imported), name
