from django.utils.functional import SimpleLazyObject

from .links import address_differs, site_origin


def site_address(request):
    """For the staff's warning that this page's address is not SITE_URL, from which every printed link is made."""
    return {"site_address_differs": SimpleLazyObject(lambda: address_differs(request)), "site_origin": site_origin}
