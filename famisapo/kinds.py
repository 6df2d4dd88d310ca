"""The kinds of help (援助活動の種類) a request or an activity names.

The list follows the kinds municipal ファミサポ pages and the national statistics name; a centre's fee
schedule may give some of them their own rate (病児・病後児, 宿泊).
"""

KINDS = (
    "保育施設等の送迎",
    "保育施設等の開始前・終了後の預かり",
    "学童・放課後",
    "学校の登下校",
    "習い事等の送迎",
    "買い物・用事",
    "冠婚葬祭",
    "通院",
    "保護者の病気",
    "きょうだいの学校行事",
    "病児・病後児",
    "宿泊",
    "早朝・夜間の緊急",
    "その他",
)

SICK_CHILD = "病児・病後児"
OVERNIGHT = "宿泊"
EMERGENCY = "早朝・夜間の緊急"
