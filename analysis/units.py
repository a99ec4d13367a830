"""Physical constants the analysis shares."""

STANDARD_GRAVITY = 9.80665  # m/s^2 per g
