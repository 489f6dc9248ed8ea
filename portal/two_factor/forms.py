"""The admin's sign-in form with the code field, and the enrolment form."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import services


def code_field(**kwargs):
    return forms.CharField(
        label=_("Mã xác thực"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
        **kwargs,
    )


class SignInForm(AdminAuthenticationForm):
    """Username and password, and the 6-digit code for accounts that have
    enrolled a device (the others leave it empty)."""

    otp_code = code_field(
        required=False,
        help_text=_("Chỉ khi tài khoản đã bật xác thực hai bước."),
    )

    def clean(self):
        # The password first: a wrong one is refused (and counted) as before.
        cleaned_data = super().clean()
        if self.user_cache is not None:
            services.check_sign_in_code(self.request, self.user_cache, cleaned_data.get("otp_code"))
        return cleaned_data


class EnrolmentForm(forms.Form):
    code = code_field()

    def __init__(self, *args, user, secret, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.secret = user, secret

    def save(self):
        """The confirmed device, or the form's error for a wrong code."""
        try:
            code = self.cleaned_data["code"]
            return services.enrol(user=self.user, secret=self.secret, code=code)
        except forms.ValidationError as error:
            self.add_error("code", error)
            return None
