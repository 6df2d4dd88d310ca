"""Demo casework at 川越市's すくすく hub: invented families whose records read like real work.

Every person here is invented. Idempotent: nothing is added twice.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from consultations import disposal
from consultations.models import (
    AbuseAlert,
    Agency,
    AgencyKind,
    CaseConference,
    Child,
    Complaint,
    Consent,
    Consultation,
    Guardian,
    Household,
    Referral,
    RegisterEntry,
    SupportEntry,
    SupportPlan,
    Topic,
)
from consultations.services import to_katakana
from families import registry
from hubs.models import Hub
from orgs.models import Municipality

from .casebook_families import AGENCIES, FAMILIES, HUB_NAME


class CasebookBuilder:
    def __init__(self, *, today: dt.date | None = None, seed: int = 20240402):
        self.today = today or timezone.localdate()
        self.rng = random.Random(seed)

    @transaction.atomic
    def build(self) -> int:
        hub = Hub.objects.filter(name=HUB_NAME).select_related("municipality").first()
        if hub is None:
            return 0
        city = hub.municipality
        for municipality in Municipality.objects.filter(hubs__isnull=False).distinct():
            self._agencies(municipality)
        disposal.adopt_default_rules(city)
        self._complaints(city, hub)
        self._anonymous(city)
        if Household.objects.filter(hub=hub).exists():
            return 0
        self.staff = User.objects.filter(username="demo_specialist").first()
        self.topics = {t.code: t for t in Topic.objects.all()}
        self.agencies = {a.kind: a for a in Agency.objects.filter(municipality=city)}
        for row in FAMILIES:
            self._family(hub, *row)
        return len(FAMILIES)

    def _agencies(self, municipality):
        for kind, name, phone in AGENCIES:
            if municipality.name != "川越市":
                name = name.replace("川越市", municipality.name).replace("川越", municipality.name)
            Agency.objects.get_or_create(
                municipality=municipality, name=name, defaults={"kind": kind, "phone": phone}
            )

    def _complaints(self, city, hub):
        if Complaint.objects.filter(municipality=city).exists():
            return
        Complaint.objects.create(
            municipality=city,
            hub=hub,
            kind=Complaint.Kind.REQUEST,
            received_on=self.today - dt.timedelta(days=75),
            channel="box",
            content="土曜日の午後も開けてほしい。父親が参加しやすい時間にしてほしい。",
            receiver="拠点 施設長",
            resolver="子育て支援課 課長",
            response="運営法人と協議し、次年度から第2・第4土曜日の午後を開所する方向で検討。意見箱の回答として掲示した。",
            closed_on=self.today - dt.timedelta(days=40),
        )
        Complaint.objects.create(
            municipality=city,
            hub=hub,
            kind=Complaint.Kind.COMPLAINT,
            received_on=self.today - dt.timedelta(days=9),
            channel="phone",
            content="ひろばで他の利用者の子どもにおもちゃを取られた際、職員の対応が冷たく感じた。",
            receiver="拠点 施設長",
            resolver="子育て支援課 課長",
            third_party="第三者委員 元小学校長",
        )

    def _anonymous(self, city):
        hubs = list(Hub.objects.filter(municipality=city))
        if Consultation.objects.filter(hub__in=hubs, household__isnull=True).exists():
            return
        topics = list(Topic.objects.exclude(is_abuse=True))
        rows = []
        start = self.today - dt.timedelta(days=400)
        for hub in hubs:
            day = start
            while day < self.today:
                day += dt.timedelta(days=self.rng.choice([1, 1, 2, 3]))
                if day.weekday() == 6 or day >= self.today:
                    continue
                at = timezone.make_aware(
                    dt.datetime.combine(
                        day, dt.time(self.rng.randint(9, 15), self.rng.choice([0, 15, 30, 45]))
                    )
                )
                rows.append(
                    (
                        Consultation(
                            hub=hub,
                            service="hiroba",
                            channel=self.rng.choice(["visit"] * 6 + ["phone", "email"]),
                            held_at=at,
                            minutes=self.rng.choice([5, 10, 10, 15, 20, 30]),
                        ),
                        self.rng.sample(topics, self.rng.choice([1, 1, 2])),
                    )
                )
        Consultation.objects.bulk_create([c for c, _ in rows])
        through = Consultation.topics.through
        through.objects.bulk_create(
            through(consultation_id=c.pk, topic_id=t.pk) for c, ts in rows for t in ts
        )

    # Families ----------------------------------------------------------------------------

    def _at(self, days_ago: int, hour: int = 10) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(self.today - dt.timedelta(days=days_ago), dt.time(hour, 0))
        )

    def _family(
        self, hub, surname, kana, phone, area, language, considerations, guardians, children, story
    ):
        household = Household.objects.create(
            hub=hub,
            # One register row per household: the ファミサポ centre's 田中 大輔 is this 田中家.
            family=registry.matched_or_new(
                hub.municipality, family_name=surname, kana=kana, phone=phone
            ),
            family_name=surname,
            family_name_kana=to_katakana(kana),
            phone=phone.replace("-", ""),
            address_area=area,
            language=language,
            considerations=considerations,
            consideration_note={
                "foreign": "日常会話は日本語で可。書類はやさしい日本語か通訳を。",
                "twins": "双子の育児。外出が大変なため訪問・電話を優先。",
                "disability": "子に発達の遅れの指摘あり（1歳6か月児健診）。",
                "young_parent": "19歳。実家の支援は少ない。",
            }.get(considerations[0] if considerations else "", ""),
            created_by=self.staff,
        )
        people = [
            Guardian.objects.create(
                household=household, name=n, kana=to_katakana(k), relationship=r
            )
            for n, k, r in guardians
        ]
        for name, child_kana, months in children:
            if name is None:
                Child.objects.create(
                    household=household, due_date=self.today + dt.timedelta(days=months * 30)
                )
            else:
                Child.objects.create(
                    household=household,
                    name=name,
                    kana=to_katakana(child_kana),
                    birth_date=self.today
                    + dt.timedelta(days=months * 30 + self.rng.randint(-10, 10)),
                )
        consent = self._consent(household, people[0], story)
        getattr(self, f"_story_{story}")(hub, household, people[0], consent)
        last = max(
            [timezone.localtime(c.held_at).date() for c in household.consultations.all()]
            + [self.today - dt.timedelta(days=150)]
        )
        Household.objects.filter(pk=household.pk).update(last_activity_on=last)

    def _consent(self, household, guardian, story: str):
        """Written consent 150 days ago (verbal where the story is DV), sharing where it needs to."""
        consent = Consent.objects.create(
            household=household,
            given_by=guardian.name,
            method="written" if story != "dv" else "verbal",
            given_on=self.today - dt.timedelta(days=150),
            covers_records=True,
            covers_reading=story != "dv",
            covers_sharing=story in ("development", "nursery", "foreign", "pregnant"),
            recorded_by=self.staff,
        )
        sharing = {
            "development": [AgencyKind.DEVELOPMENT, AgencyKind.HEALTH_CENTER],
            "nursery": [AgencyKind.NURSERY],
            "foreign": [AgencyKind.NPO],
            "pregnant": [AgencyKind.HEALTH_CENTER],
        }.get(story, [])
        consent.agencies.set([self.agencies[k] for k in sharing])
        return consent

    def _consult(
        self,
        hub,
        household,
        days_ago,
        service,
        channel,
        topics,
        situation,
        request,
        wishes,
        direction,
        **extra,
    ):
        c = Consultation.objects.create(
            hub=hub,
            household=household,
            service=service,
            channel=channel,
            held_at=self._at(days_ago, extra.pop("hour", 10)),
            minutes=extra.pop("minutes", 30),
            staff=self.staff,
            situation=situation,
            request=request,
            wishes=wishes,
            direction=direction,
            **extra,
        )
        c.topics.set([self.topics[t] for t in topics])
        return c

    def _refer(self, household, kind, days_ago, content, status, consent=None, consultation=None):
        return Referral.objects.create(
            household=household,
            consultation=consultation,
            agency=self.agencies[kind],
            referred_on=self.today - dt.timedelta(days=days_ago),
            content=content,
            status=status,
            shares_record=consent is not None,
            consent=consent,
            created_by=self.staff,
        )

    def _support(self, household, days_ago, progress, view=""):
        SupportEntry.objects.create(
            household=household,
            written_on=self.today - dt.timedelta(days=days_ago),
            progress=progress,
            view=view,
            author=self.staff,
        )

    def _story_sleep(self, hub, h, mother, consent):
        self._consult(
            hub,
            h,
            120,
            "hiroba",
            "visit",
            ["anxiety", "feeding"],
            "第1子、1歳2か月。夫は帰宅が遅く平日はほぼ一人で育児。",
            "夜中に何度も起きて泣く。自分も眠れずイライラしてしまう。",
            "同じ月齢の親と話したい。",
            "ひろばの「1歳児の会」を案内。睡眠リズムの資料を渡す。",
            follow_up_on=self.today - dt.timedelta(days=90),
        )
        self._support(
            h,
            90,
            "1歳児の会に参加。同じ悩みの母と連絡先を交換していた。",
            "表情が明るくなった。継続して声かけ。",
        )
        self._consult(
            hub,
            h,
            20,
            "kihon",
            "visit",
            ["services"],
            "夜泣きは落ち着いてきた。来春から職場復帰予定。",
            "一時預かりとファミサポの使い方を知りたい。",
            "復帰前に慣らしておきたい。",
            "一時預かりの登録方法とファミサポ事前説明会の日程を案内。",
        )

    def _story_foreign(self, hub, h, mother, consent):
        c = self._consult(
            hub,
            h,
            100,
            "kihon",
            "visit",
            ["nursery", "services"],
            "来日2年。夫は工場勤務。日本語は日常会話程度。",
            "保育園の申し込み書類が分からない。",
            "4月から保育園に入れて働きたい。",
            "やさしい日本語の案内を渡し、申込書を一緒に記入。多文化ネットの通訳支援につなぐ。",
            minutes=60,
        )
        self._refer(
            h,
            AgencyKind.NPO,
            98,
            "保育園申込と面談の通訳支援を依頼（本人同意あり）。",
            "done",
            consent,
            c,
        )
        self._support(h, 60, "保育課の面談に通訳同行。書類は受理された。")

    def _story_twins(self, hub, h, mother, consent):
        self._consult(
            hub,
            h,
            45,
            "kihon",
            "phone",
            ["anxiety", "feeding"],
            "双子、生後7か月。授乳とおむつ替えで一日が終わる。父は育休を終えたばかり。",
            "外出できず、誰とも話していない。",
            "家に来てもらえる支援があれば使いたい。",
            "訪問型の支援と多胎児家庭向けの集まりを案内。2週間後に電話で様子を聞く。",
            follow_up_on=self.today - dt.timedelta(days=31),
        )
        self._support(
            h, 31, "電話で確認。多胎の集まりに申し込んだとのこと。", "母の声に余裕が出てきた。"
        )

    def _story_nursery(self, hub, h, father, consent):
        c = self._consult(
            hub,
            h,
            70,
            "kihon",
            "appointment",
            ["nursery", "work"],
            "父子家庭。結衣ちゃん3歳。父は営業職で残業あり。",
            "延長保育のある園に転園したい。",
            "今の職場を続けたい。",
            "延長保育実施園の一覧を渡し、保育課の転園相談につなぐ。ひとり親支援の窓口も案内。",
        )
        self._refer(
            h, AgencyKind.NURSERY, 69, "転園の相談（延長保育）。", "in_progress", consent, c
        )

    def _story_pregnant(self, hub, h, mother, consent):
        self._consult(
            hub,
            h,
            60,
            "boshi",
            "visit",
            ["pregnancy", "poverty"],
            "妊娠6か月。パートナーとは別居。アルバイト収入のみ。",
            "出産費用と産後の生活が不安。",
            "実家に頼らず子どもを育てたい。",
            "出産育児一時金と子育て支援の給付を説明。保健センターの妊婦面談につなぐ。支援台帳に登録。",
        )
        RegisterEntry.objects.create(
            household=h,
            mother=mother,
            registered_on=self.today - dt.timedelta(days=60),
            due_date=h.children.first().due_date,
            situation="若年・単身での妊娠。経済的に不安定。産後の支援者が少ない。",
            risk="high",
        )
        SupportPlan.objects.create(
            household=h,
            made_on=self.today - dt.timedelta(days=55),
            goals="安心して出産を迎え、産後1か月を孤立せずに過ごす。",
            support="保健師による妊婦訪問（月1回）。産後ケア事業の事前申込。出産後2週間以内に家庭訪問。",
            review_on=self.today + dt.timedelta(days=20),
            author=self.staff,
        )
        self._refer(
            h, AgencyKind.HEALTH_CENTER, 58, "妊婦面談と訪問の依頼。", "in_progress", consent
        )

    def _story_development(self, hub, h, mother, consent):
        c = self._consult(
            hub,
            h,
            90,
            "kihon",
            "visit",
            ["development", "disability"],
            "2歳10か月。言葉が二語文にならない。健診で経過観察と言われた。",
            "療育に通うべきか迷っている。",
            "まずは専門の人に見てもらいたい。",
            "児童発達支援センターの相談日を案内。本人同意のうえ相談記録を共有。",
        )
        self._refer(h, AgencyKind.DEVELOPMENT, 88, "発達相談の予約と情報提供。", "done", consent, c)
        CaseConference.objects.create(
            household=h,
            held_at=self._at(50, 14),
            place="すくすく 相談室",
            participants="すくすく 利用者支援専門員\n川越市 こども家庭課 担当\n児童発達支援センター 相談員\n総合保健センター 保健師",
            wishes="母は通える範囲で療育を受けさせたい。保育園も続けたい。",
            state_and_problems="発語の遅れ。母は一人で抱え込みがち。祖父母は遠方。",
            goals="週1回の療育開始と、母の相談先を複数確保する。",
            concrete_support="センターの親子教室（週1回）。保健師が3か月後に発達確認。ひろばでは母の話を聞く時間を作る。",
            roles="専門員：母との定期面談（月1回）\nセンター：療育計画\n保健師：発達確認",
            next_on=self.today + dt.timedelta(days=40),
            author=self.staff,
        )

    def _story_concern(self, hub, h, mother, consent):
        c = self._consult(
            hub,
            h,
            6,
            "kihon",
            "visit",
            ["anxiety", "abuse", "family"],
            "湊くん1歳8か月の腕にあざ。母は『上の子とけんかした』と説明。母は疲れた様子で、上の子を強く叱る場面あり。",
            "上の子が言うことを聞かず、手が出てしまうことがあると話す。",
            "誰にも言えなかった。助けてほしい。",
            "母の話を受け止め、家庭児童相談室に連絡することを伝え了承を得る。明日電話で様子を確認。",
            abuse_suspected=True,
            follow_up_on=self.today - dt.timedelta(days=5),
            minutes=50,
        )
        AbuseAlert.objects.get_or_create(
            consultation=c, defaults={"municipality": hub.municipality, "hub": hub}
        )

    def _story_dv(self, hub, h, mother, consent):
        c = self._consult(
            hub,
            h,
            200,
            "kihon",
            "phone",
            ["dv", "family"],
            "生後間もない子と二人。夫の暴言が続き、最近は物を投げる。",
            "家を出たいが、どこに行けばよいか分からない。",
            "子どもと安全に暮らしたい。夫には知られたくない。",
            "福祉事務所の女性相談につなぐ。連絡は本人の携帯のみ、記録の閲覧は拠点内に限る（本人の希望）。",
            abuse_suspected=True,
            hour=11,
        )
        referral = self._refer(
            h,
            AgencyKind.WELFARE_OFFICE,
            199,
            "女性相談・一時保護の相談（本人同意のうえ口頭で連絡）。",
            "done",
            None,
            c,
        )
        AbuseAlert.objects.get_or_create(
            consultation=c,
            defaults={
                "municipality": hub.municipality,
                "hub": hub,
                "handled_at": self._at(199, 15),
                "referral": referral,
            },
        )
        AbuseAlert.objects.filter(consultation=c).update(raised_at=c.held_at)
        self._support(
            h,
            150,
            "母子で転居。新しい住所は記録しない（本人の希望）。電話で近況を確認。",
            "落ち着いて生活できている。",
        )
