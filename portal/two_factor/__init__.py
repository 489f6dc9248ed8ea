"""Optional two-factor sign-in for staff accounts (TOTP, django-otp).

A staff user enrols an authenticator app from the portal's page (QR code and
the secret as text, confirmed with a first code); from then on every sign-in
asks for the 6-digit code too. A wrong or missing code counts as a failed
sign-in for the django-axes lockout, exactly like a wrong password. Accounts
without a device sign in with their password alone. A superuser removes a
device in the admin when a phone is lost.
"""
