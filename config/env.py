"""Read deploy-time settings from the environment, failing loudly on bad values."""

import json
import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    """Return the variable stripped, or the default when it is unset or blank."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip()


def env_bool(name: str, default: bool = False) -> bool:
    """Return a boolean variable; anything but a known spelling stops start-up."""
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name} must be one of 1/0, true/false, yes/no, on/off; "
        f"got {value!r}."
    )


def env_int(name: str, default: int) -> int:
    """Return an integer variable; a non-integer stops start-up."""
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be an integer; got {value!r}."
        ) from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Return a comma-separated variable as a list of non-empty items."""
    value = env_str(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_json(name: str, default: dict[str, object] | None = None) -> dict[str, object]:
    """Return a variable holding a JSON object; anything else stops start-up."""
    value = env_str(name)
    if value is None:
        return dict(default or {})
    try:
        parsed = json.loads(value)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"Environment variable {name} must hold a JSON object; got {value!r} ({error})."
        ) from None
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(
            f"Environment variable {name} must hold a JSON object; got {value!r}."
        )
    return parsed
