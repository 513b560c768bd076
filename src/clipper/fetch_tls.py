"""The TLS client context of a run's `httpx.Client`, whose trusted certificates are
read at its first TLS connection.

`trusting_context(cert_file, cert_dir)` gives the context httpx itself would make
(`httpx.create_ssl_context()`: `ssl.create_default_context` over SSL_CERT_FILE, or
SSL_CERT_DIR, or certifi's bundle), except that the certificates are loaded when
the first TLS handshake begins, not when the client is made. Reading certifi's
bundle costs 15 to 20 ms of CPU, and a run makes its client before its first page: every
run paid it, all at start-up, while the extraction workers had nothing to do yet,
even when none of its pages was https. One context per process and per
(cert_file, cert_dir); an `SSLContext` is shared safely between clients and
threads once loaded, and the load is done once, under a lock.
"""

from __future__ import annotations

import functools
import os
import ssl
import sys
import threading
from typing import Any

__all__ = ["trusting_context"]


class _TrustOnFirstHandshake(ssl.SSLContext):
    """A client context (hostname checked, certificate required) that loads its
    trusted certificates before the first socket or BIO it wraps."""

    _cert_file: str | None
    _cert_dir: str | None
    _loaded: bool
    _loading: threading.Lock

    @classmethod
    def reading(cls, cert_file: str | None, cert_dir: str | None) -> _TrustOnFirstHandshake:
        """A context that will read `cert_file`, else `cert_dir`, else certifi's bundle
        (empty strings count as unset, as in httpx), set as `ssl.create_default_context`
        sets a client's."""
        context = cls(ssl.PROTOCOL_TLS_CLIENT)  # verifies the certificate and the hostname
        context._cert_file = cert_file or None
        context._cert_dir = None if cert_file else cert_dir or None
        context._loaded = False
        context._loading = threading.Lock()
        if sys.version_info >= (3, 13):  # what ssl.create_default_context adds since 3.13
            context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN | ssl.VERIFY_X509_STRICT
        keylog = os.environ.get("SSLKEYLOGFILE")  # as ssl.create_default_context does
        if keylog and not sys.flags.ignore_environment:
            context.keylog_filename = keylog
        return context

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        self._load_trust()
        return super().wrap_socket(*args, **kwargs)

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:
        self._load_trust()
        return super().wrap_bio(*args, **kwargs)

    def _load_trust(self) -> None:
        if self._loaded:
            return
        with self._loading:
            if self._loaded:
                return
            cafile, capath = self._cert_file, self._cert_dir
            if not (cafile or capath):
                import certifi

                cafile = certifi.where()
            try:
                self.load_verify_locations(cafile=cafile, capath=capath)
            except (OSError, ValueError) as exc:
                # httpcore wraps it in a ConnectError; fetch_errors names it a TLS error
                raise ssl.SSLError(ssl.SSL_ERROR_SSL, self._unreadable(exc)) from exc  # (code, message), as _ssl's
            self._loaded = True

    def _unreadable(self, exc: Exception) -> str:
        """The one-line reason the certificates could not be loaded."""
        if self._cert_file:
            where = f"SSL_CERT_FILE {self._cert_file}"
        elif self._cert_dir:
            where = f"SSL_CERT_DIR {self._cert_dir}"
        else:
            where = "certifi's bundle"
        reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc
        return f"the trusted certificates could not be read from {where} ({reason})"


@functools.lru_cache(maxsize=4)
def trusting_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """The certificates httpx would trust: SSL_CERT_FILE (`cert_file`), else SSL_CERT_DIR
    (`cert_dir`), else certifi's; read at the first TLS handshake, once per process."""
    return _TrustOnFirstHandshake.reading(cert_file, cert_dir)
