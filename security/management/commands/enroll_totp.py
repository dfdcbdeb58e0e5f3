"""Give a staff member a TOTP device for the admin's second factor.

Run by IT on the server (``manage.py enroll_totp USERNAME``); the editor scans the printed QR code
with an authenticator app. It also bootstraps the first superuser, who cannot reach the admin to
enroll anyone before having a device.
"""

import io
from base64 import b32encode

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Create a TOTP device for a staff user and print its QR code and setup key."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Authenticator app", help="device label")
        parser.add_argument(
            "--replace", action="store_true", help="remove the user's other TOTP devices"
        )

    def handle(self, *args, username, name, replace, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}.") from exc
        if not user.is_staff:
            raise CommandError(f"{username!r} is not staff; only staff log in to the admin.")
        if replace:
            TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        code = qrcode.QRCode(border=2)
        code.add_data(device.config_url)
        picture = io.StringIO()
        code.print_ascii(out=picture, invert=True)
        self.stdout.write(picture.getvalue())
        # Authenticator apps take the key in base32, as inside the QR code's otpauth:// address.
        setup_key = b32encode(device.bin_key).decode().rstrip("=")
        self.stdout.write(f"Setup key (if the code cannot be scanned): {setup_key}")
        self.stdout.write(self.style.SUCCESS(f"TOTP device {device.persistent_id} for {username}."))
