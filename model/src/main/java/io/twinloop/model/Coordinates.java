package io.twinloop.model;

/**
 * A node position, used for maps and for geographic reasoning about links.
 *
 * <p>For geographic data {@code longitude} and {@code latitude} are in degrees. Some SNDlib
 * instances use pixel coordinates ({@code coordinatesType="pixel"}: atlanta, newyork, ta1, ...);
 * they are carried as {@code x -> longitude, y -> latitude} unchanged, so the only check here is
 * that both values are finite.
 *
 * @param longitude degrees east (or SNDlib {@code x})
 * @param latitude  degrees north (or SNDlib {@code y})
 */
public record Coordinates(double longitude, double latitude) {

    /** Validates that both values are finite. */
    public Coordinates {
        Checks.finite("coordinates.longitude", longitude);
        Checks.finite("coordinates.latitude", latitude);
    }

    /** Whether the values are inside the geographic ranges lon [-180, 180], lat [-90, 90]. */
    public boolean isGeographic() {
        return longitude >= -180 && longitude <= 180 && latitude >= -90 && latitude <= 90;
    }

    /**
     * Great-circle distance to {@code other} in kilometres (haversine, mean Earth radius 6371 km).
     * Only meaningful when both points are {@link #isGeographic() geographic}.
     */
    public double distanceKm(Coordinates other) {
        Checks.notNull("other", other);
        double lat1 = Math.toRadians(latitude);
        double lat2 = Math.toRadians(other.latitude);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(other.longitude - longitude);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * 6371.0 * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }
}
