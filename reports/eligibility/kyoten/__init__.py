"""地域子育て支援拠点事業 as a registered programme: its rules, its own facts and its amount."""

from ..programmes import Programme, register
from . import amounts, facts, rules
from .rules import PROGRAMME

KYOTEN = register(
    Programme(
        code=facts.CODE,
        label=PROGRAMME,
        rules=rules.RULES,
        gather=facts.gather,
        from_json=facts.from_json,
        json_keys=facts.JSON_KEYS,
        amounts=amounts.amounts,
        order=10,
    )
)
