"""How passwords are stored: Argon2id, at the cost OWASP recommends for a sign-in form.

The OWASP Password Storage Cheat Sheet recommends Argon2id "with a minimum configuration
of 19 MiB of memory, an iteration count of 2, and 1 degree of parallelism"; it puts PBKDF2
(Django's default hasher, 1,000,000 rounds of HMAC-SHA256 in Django 5.2) only where FIPS-140
is required. Argon2id is memory-hard, so a stolen table costs an attacker's graphics cards
far more per guess than PBKDF2 does; and it costs the server less. On this project's two-core
machines a PBKDF2 sign-in takes 250-310 ms of a core, Django's own Argon2 settings (100 MiB,
8 lanes) about 210 ms, these about 30 ms: when an office's clerks all sign in at eight in
the morning, or someone tries passwords against the form, the web workers keep serving.

Passwords stored with an earlier hasher (PBKDF2) are still checked, and stored again with
this one at the user's next sign-in (``settings.PASSWORD_HASHERS``). Raising these costs
later does the same: Django re-stores a hash whose parameters differ from these.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id (version 19) with 19 MiB of memory, 2 passes and 1 lane."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
