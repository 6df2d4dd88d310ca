import secrets

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.services import Actor

from .audit import audit_record
from .forms import LoginForm, TokenForm
from .models import AuditEvent
from .two_factor import base32_secret, is_verified, needs_two_factor, verify_url

BACKUP_CODE_COUNT = 10


@method_decorator(login_not_required, name="dispatch")
class KyotenLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"lockout_limit": settings.AXES_FAILURE_LIMIT}

    def get_success_url(self):
        url = super().get_success_url()
        if needs_two_factor(self.request.user):
            return verify_url(self.request.user, url)
        return url


class KyotenLogoutView(auth_views.LogoutView):
    pass


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return "/"


def otp_verify(request):
    """Second step of the login: a code from the authenticator app or a backup code."""
    next_url = _next_url(request)
    if is_verified(request.user):
        return redirect(next_url)
    if not user_has_device(request.user):
        return redirect(verify_url(request.user, next_url))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        for device in devices_for_user(request.user, for_verify=True):
            allowed, _ = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                otp_login(request, device)
                return redirect(next_url)
        audit_record(action=AuditEvent.Action.OTP_FAILED, actor=Actor.of(request))
        form.add_error(
            "token",
            "確認コードが正しくありません。続けて誤ると、しばらく待ってから入力し直す必要があります。",
        )
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": next_url, "optional": not needs_two_factor(request.user)},
    )


def otp_setup(request):
    """Register an authenticator app: show the secret, confirm one code, hand out backup codes."""
    next_url = _next_url(request)
    if user_has_device(request.user):
        return redirect(verify_url(request.user, next_url))
    key = request.session.get("otp_setup_key")
    if key is None:
        key = request.session["otp_setup_key"] = secrets.token_hex(20)
    device = TOTPDevice(user=request.user, name="認証アプリ", key=key, confirmed=True)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.save()
            backup = StaticDevice.objects.create(user=request.user, name="バックアップコード")
            codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
            StaticToken.objects.bulk_create(StaticToken(device=backup, token=c) for c in codes)
            del request.session["otp_setup_key"]
            otp_login(request, device)
            audit_record(action=AuditEvent.Action.OTP_SETUP, actor=Actor.of(request))
            messages.success(request, "二要素認証を登録しました。")
            return render(
                request, "accounts/otp_backup_codes.html", {"codes": codes, "next": next_url}
            )
        form.add_error(
            "token", "確認コードが正しくありません。アプリに表示された数字を入力してください。"
        )
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "next": next_url, "qr": qr, "secret": base32_secret(key)},
    )
