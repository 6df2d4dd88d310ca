"""子育て援助活動支援事業（ファミリー・サポート・センター事業）as a registered programme."""

from ..programmes import Programme, register
from . import amounts, facts, rules

FAMISAPO = register(
    Programme(
        code=facts.CODE,
        label=rules.PROGRAMME,
        rules=rules.RULES,
        gather=facts.gather,
        from_json=facts.from_json,
        json_keys=facts.JSON_KEYS,
        amounts=amounts.amounts,
        order=30,
    )
)
