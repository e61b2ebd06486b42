-- Traffic rows estimated from link counters (EstimateTraffic with store) carry their relative fit to
-- those counters, ||A x - y|| / ||y||; NULL marks a measured row (every row stored before this column).
ALTER TABLE traffic_sample ADD COLUMN fit_error DOUBLE PRECISION;
