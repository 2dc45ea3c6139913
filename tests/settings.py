"""Settings for the test suite: the real settings, a throw-away data directory, a local cache."""

import os
import tempfile

os.environ.setdefault("SAMVERKAN_HOME", tempfile.mkdtemp(prefix="samverkan-test-"))

from samverkan.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
