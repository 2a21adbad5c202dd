"""The size of evidence uploads, enforced while the body arrives, not after it has been stored.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves files out and FILE_UPLOAD_MAX_MEMORY_SIZE only
chooses memory or disk: by default a 2 GB file would be written to a temporary file before any
check ran. Here a body longer than an entry may ever need is refused from its Content-Length
before a byte is read, and within it a file is kept only up to the limit: past it, its bytes are
counted and dropped, and the entry is refused naming the file.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from cannocchiale.monitoring.evidence import MAX_ENTRY_BODY_BYTES, MAX_EVIDENCE_BYTES


class OversizedUpload(UploadedFile[bytes]):
    """What is left of a file past the limit: its name and how many bytes it had, no content."""

    def __init__(self, name: str, content_type: str, size: int) -> None:
        super().__init__(BytesIO(b""), name=name, content_type=content_type, size=size)


class EvidenceLimitHandler(FileUploadHandler):
    """First in the chain: passes each file on until it reaches the limit, then keeps only its size."""

    def __init__(self, request: HttpRequest | None = None, limit: int = MAX_EVIDENCE_BYTES) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.over = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.over = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            # The handlers after this one stop receiving: nothing more of this file is stored.
            self.over = True
            return None
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile[bytes] | None:
        if not self.over:
            return None  # the next handler (memory or temporary file) gives the file
        return OversizedUpload(self.file_name or "", self.content_type or "", self.received)


def body_too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > MAX_ENTRY_BODY_BYTES


def evidence_upload_limits(
    refuse: Callable[..., HttpResponse],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Wrap a view that receives evidence: `refuse` answers (with the same arguments) a body too
    large to read. Upload handlers must be in place before the CSRF check reads the form, hence
    the check is made here, after them, rather than by the middleware."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        protected = csrf_protect(view)

        @wraps(view)
        @csrf_exempt
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                if body_too_large(request):
                    return refuse(request, *args, **kwargs)
                request.upload_handlers.insert(0, EvidenceLimitHandler(request))
            return protected(request, *args, **kwargs)

        return wrapper

    return decorate
