package io.twinloop.model;

/**
 * Geographic helpers: great-circle distance and the propagation latency of a fibre along it.
 *
 * <p>Distance uses the haversine formula (R. W. Sinnott, "Virtues of the Haversine", Sky and
 * Telescope 68(2), 1984) on a sphere of the IUGG mean Earth radius {@value #EARTH_RADIUS_KM} km
 * (H. Moritz, "Geodetic Reference System 1980", Journal of Geodesy 74, 2000). Latency assumes light
 * in fibre travels at 2/3 of its vacuum speed (refractive index about 1.5), i.e.
 * {@value #FIBRE_SPEED_KM_PER_S} km/s, over the great-circle distance. Real fibre routes are longer than
 * the great circle, so this is a lower bound; importers use it only when a file gives no latency.
 */
public final class Geo {

    /** Mean Earth radius in km (IUGG/GRS 80 R1). */
    public static final double EARTH_RADIUS_KM = 6371.0088;
    /** Speed of light in vacuum, km/s (exact by the SI definition). */
    public static final double LIGHT_SPEED_KM_PER_S = 299_792.458;
    /** Assumed signal speed in fibre: 2/3 of {@link #LIGHT_SPEED_KM_PER_S}. */
    public static final double FIBRE_SPEED_KM_PER_S = 2.0 / 3.0 * LIGHT_SPEED_KM_PER_S;

    private Geo() {
    }

    /**
     * Great-circle distance in km between two points given in degrees (haversine).
     *
     * @throws InvalidNetworkException if a point is null or not {@link Coordinates#isGeographic() geographic}
     */
    public static double distanceKm(Coordinates a, Coordinates b) {
        Checks.notNull("a", a);
        Checks.notNull("b", b);
        if (!a.isGeographic() || !b.isGeographic()) {
            throw new InvalidNetworkException("coordinates", "not geographic (lon in [-180, 180], lat in [-90, 90]): "
                    + a + ", " + b);
        }
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double sLat = Math.sin((lat2 - lat1) / 2);
        double sLon = Math.sin(Math.toRadians(b.longitude() - a.longitude()) / 2);
        double h = sLat * sLat + Math.cos(lat1) * Math.cos(lat2) * sLon * sLon;
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(h)));
    }

    /** Propagation latency in ms of a fibre of {@code distanceKm} (at {@link #FIBRE_SPEED_KM_PER_S}). */
    public static double fibreLatencyMs(double distanceKm) {
        Checks.nonNegative("distanceKm", distanceKm);
        return distanceKm / FIBRE_SPEED_KM_PER_S * 1000.0;
    }

    /** Propagation latency in ms along the great circle between two geographic points. */
    public static double propagationLatencyMs(Coordinates a, Coordinates b) {
        return fibreLatencyMs(distanceKm(a, b));
    }
}
