"""Signed tokens for the links in e-mails (django.core.signing, salted per purpose).

No token contains an e-mail address: links end up in access logs and browser histories. A
confirmation token names the subscription and the subscriber's random ``public_id`` and expires;
a subscriber token (manage, unsubscribe) names only the ``public_id`` and does not expire, so the
unsubscribe link of an old e-mail keeps working. Changing any character breaks the signature, so
a token cannot be turned into one for another address.
"""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "alerts.confirm"
SUBSCRIBER_SALT = "alerts.subscriber"


def confirm_token(subscription, kinds):
    payload = {"s": subscription.pk, "u": subscription.subscriber.public_id.hex, "k": list(kinds)}
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token):
    """The payload dict; raises ``signing.SignatureExpired`` or ``signing.BadSignature``."""
    return signing.loads(token, salt=CONFIRM_SALT, max_age=settings.ALERTS_CONFIRM_MAX_AGE)


def subscriber_token(subscriber):
    return signing.Signer(salt=SUBSCRIBER_SALT).sign(subscriber.public_id.hex)


def read_subscriber_token(token):
    """The subscriber's ``public_id`` hex; raises ``signing.BadSignature``."""
    return signing.Signer(salt=SUBSCRIBER_SALT).unsign(token)
