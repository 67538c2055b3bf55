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


def vincenty_km(lon1, lat1, lon2, lat2, a=6378137.0, f=1 / 298.257223563, tol=1e-12):
    """Distance on the WGS84 ellipsoid by Vincenty's inverse formula (1975), in km.

    An independent implementation (no pyproj) that agrees with a true geodesic to well under a
    metre for points that are not nearly antipodal, so tests can hold distances to 1 m and
    tell a geodesic from any flat-map shortcut.
    """
    b = (1 - f) * a
    lam0 = math.radians(lon2 - lon1)
    u1 = math.atan((1 - f) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - f) * math.tan(math.radians(lat2)))
    sin_u1, cos_u1, sin_u2, cos_u2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    lam = lam0
    for _ in range(200):
        sin_lam, cos_lam = math.sin(lam), math.cos(lam)
        sin_sigma = math.hypot(cos_u2 * sin_lam, cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lam)
        if sin_sigma == 0:
            return 0.0
        cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lam
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = cos_u1 * cos_u2 * sin_lam / sin_sigma
        cos2_alpha = 1 - sin_alpha**2
        cos_2sm = cos_sigma - 2 * sin_u1 * sin_u2 / cos2_alpha if cos2_alpha else 0.0
        c = f / 16 * cos2_alpha * (4 + f * (4 - 3 * cos2_alpha))
        previous = lam
        lam = lam0 + (1 - c) * f * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm**2))
        )
        if abs(lam - previous) < tol:
            break
    u_sq = cos2_alpha * (a**2 - b**2) / b**2
    big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta = (
        big_b
        * sin_sigma
        * (
            cos_2sm
            + big_b
            / 4
            * (
                cos_sigma * (-1 + 2 * cos_2sm**2)
                - big_b / 6 * cos_2sm * (-3 + 4 * sin_sigma**2) * (-3 + 4 * cos_2sm**2)
            )
        )
    )
    return b * big_a * (sigma - delta) / 1000.0


def active_on_each_day(starts, ends, days):
    """For each day, the set of row numbers in force (start <= day <= end, end None = open).

    Plain Python over ``datetime.date`` values: an independent check of the battlegroup steps.
    """
    return [
        frozenset(
            i
            for i, (start, end) in enumerate(zip(starts, ends, strict=True))
            if start <= day and (end is None or day <= end)
        )
        for day in days
    ]


def spending_rows():
    """The defence-spending table read with the csv module alone, not with natokit.

    One dict per row: iso3, year (int), pct (float), edition (text), estimate and confirmed
    (bool), so spending tests compare natokit's results with values computed independently.
    """
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "defence_spending.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            {
                "iso3": r["iso3"],
                "year": int(r["year"]),
                "pct": float(r["pct_gdp"]),
                "edition": r["edition"],
                "estimate": r["estimate"] == "true",
                "confirmed": r["confirmed"] == "true",
            }
            for r in csv.DictReader(handle)
        ]
