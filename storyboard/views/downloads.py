"""What every download of a child's data shares: it is never kept in a cache."""


def no_store(response):
    """Forbid every cache, the browser's and any proxy's, to keep this response."""
    response.headers["Cache-Control"] = "no-store"
    response.headers.pop("Expires", None)
    response.headers.pop("ETag", None)  # validators only invite a cache to keep a copy
    response.headers.pop("Last-Modified", None)
    return response
