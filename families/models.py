"""The municipality's register of families (世帯台帳): one row per household, shared by every
service that knows the family, so that a family known to the 利用者支援 specialist and to the
ファミサポ centre is one household.

A row holds only what identifies the family (surname, its reading, a phone number). Each service
keeps its own records about the family, under its own rights: the register never says which
services know a family, and seeing a register row gives no right to any service's records.
"""

import uuid

from django.db import models

from common.scoping import TenantOwned, through
from orgs.models import Municipality


class Family(TenantOwned):
    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="families", verbose_name="市町村"
    )
    family_name = models.CharField("世帯の姓", max_length=50)
    family_name_kana = models.CharField(
        "世帯の姓（かな）", max_length=50, help_text="カタカナ、空白なし（検索の形）。"
    )
    phone = models.CharField("電話番号", max_length=20, blank=True, help_text="数字だけ。")
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    scope_paths = through("municipality", Municipality)

    class Meta:
        verbose_name = "世帯（台帳）"
        verbose_name_plural = "世帯台帳"
        ordering = ["family_name_kana", "id"]
        indexes = [
            models.Index(fields=["municipality", "phone"], name="families_family_phone"),
        ]

    def __str__(self):
        return f"{self.family_name} 家"
