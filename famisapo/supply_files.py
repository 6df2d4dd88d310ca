"""The supply analysis as a page's context (chart and tables) and as an XLSX workbook."""

from common.charts import grouped_bar_chart

from .supply import AGE_BANDS, SLOTS, Supply

REQUEST_COLOUR, HELPER_COLOUR = "#d9822b", "#2b6cb0"


def _months(data: Supply) -> float:
    days = (data.last - data.first).days + 1
    return max(days / 30.44, 1.0)


def _short_label(slot: str) -> str:
    return slot.split("（")[0]


def supply_context(data: Supply) -> dict:
    months = _months(data)
    overall = data.overall
    slot_chart = grouped_bar_chart(
        [_short_label(s) for s in data.slots],
        [
            (
                "依頼（月あたり）",
                REQUEST_COLOUR,
                [data.by_slot[s].requests / months for s in data.slots],
            ),
            ("援助できる提供会員", HELPER_COLOUR, [data.by_slot[s].helpers for s in data.slots]),
        ],
        title="時間帯ごとの依頼と提供会員",
        width=720,
    )
    area_chart = grouped_bar_chart(
        data.areas,
        [
            (
                "依頼（月あたり）",
                REQUEST_COLOUR,
                [data.by_area[a].requests / months for a in data.areas],
            ),
            ("援助できる提供会員", HELPER_COLOUR, [data.by_area[a].helpers for a in data.areas]),
        ],
        title="地域ごとの依頼と提供会員",
        width=720,
    )
    grid = [
        (
            area,
            [
                (data.grid[(area, slot)], data.grid[(area, slot)].level(overall))
                for slot in data.slots
            ],
            data.by_area[area],
        )
        for area in data.areas
    ]
    return {
        "data": data,
        "months": round(months, 1),
        "overall": overall,
        "slot_chart": slot_chart,
        "area_chart": area_chart,
        "grid": grid,
        "slot_labels": [_short_label(s) for s in data.slots],
        "short": data.short_cells(),
        "age_bands": AGE_BANDS,
        "ages_by_area": [
            (area, [data.ages_by_area[area][band] for band in AGE_BANDS]) for area in data.areas
        ],
        "slot_definitions": [name for name, _, _ in SLOTS],
    }


def supply_sheets(data: Supply) -> dict[str, list[list]]:
    overall = data.overall
    grid = [
        ["地域", "時間帯", "依頼", "調整できず", "援助できる提供会員", "依頼／提供会員", "判定"]
    ]
    for area in data.areas:
        for slot in data.slots:
            cell = data.grid[(area, slot)]
            ratio = round(cell.per_helper, 2) if cell.per_helper is not None else ""
            grid.append(
                [
                    area,
                    slot,
                    cell.requests,
                    cell.unmatched,
                    cell.helpers,
                    ratio,
                    cell.level(overall),
                ]
            )
    ages = [["地域", *AGE_BANDS]]
    for area in data.areas:
        ages.append([area, *[data.ages_by_area[area][band] for band in AGE_BANDS]])
    ages.append(["計（一人一回）", *[data.ages[band] for band in AGE_BANDS]])
    return {"地域×時間帯": grid, "提供会員の年齢層": ages}
