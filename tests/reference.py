"""Independent reference calculations for tests, deliberately not using natokit or pyproj."""

import math


def haversine_km(lon1, lat1, lon2, lat2, radius_km=6371.0088):
    """Great-circle distance on a sphere of the mean Earth radius.

    Differs from the ellipsoidal geodesic by at most about 0.5%, which is the tolerance the
    tests allow when they use it as an independent check.
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius_km * math.asin(math.sqrt(a))
