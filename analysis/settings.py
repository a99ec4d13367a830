"""Analysis settings per placement, with units. Physical quantities, not fitted constants."""

from __future__ import annotations

from dataclasses import dataclass, field

from .pull_cycles import PullCycleSettings
from .stillness import StillnessSettings


@dataclass(frozen=True)
class AnalyzerSettings:
    grid_dt_s: float = 0.02  # analysis grid period, s (50 Hz)
    stillness: StillnessSettings = field(default_factory=StillnessSettings)
    #: (bar) the reps of a set the bar never rested in, from its pulls (see pull_cycles)
    pull_cycles: PullCycleSettings = field(default_factory=PullCycleSettings)
    #: smallest vertical travel lift-off -> lockout that counts as a rep, m
    min_rom_m: float = 0.15
    #: no pull takes a bar further than this above the floor, m (a level beyond it ran away)
    max_bar_rise_m: float = 1.0
    #: a hold must sit this far above the floor level, m
    hold_min_rise_m: float = 0.03
    #: ... or (a bar) this far above a floor where it lay still, not just landed (a landing's
    #: impact, aliased at the grid rate, leaves the level a few cm off; a rest on the floor
    #: measures the rise to a hold just off it to a few mm), m
    hold_min_rise_off_rest_m: float = 0.02
    #: two rests this close in level (m) and time (s) are one hold broken by sway or a lost packet
    hold_merge_m: float = 0.015
    hold_merge_s: float = 1.0
    #: ... and a back sensor's up to this far apart (s), where the trunk kept its posture all the
    #: way between them (within min_hold_turn_deg, by the gyroscope)
    back_hold_merge_s: float = 2.5
    #: a rest this soon (s) and this close above (m) a bottom turn is the floor the load landed on
    floor_settle_s: float = 1.0
    floor_settle_m: float = 0.1
    #: turning points inside a motion (touch-and-go) need this prominence, m
    turn_prominence_m: float = 0.12
    #: speed below which the bar counts as stopped when refining lift-off / touch-down, m/s
    stop_speed_mps: float = 0.02
    #: a load leaving a rest is judged where it passes this speed (m/s) for good, the line
    #: through there extended back to zero: below it, integration noise (a link delivering
    #: few samples) wobbles the velocity of a load still at rest (metrics.lift_off_time)
    departure_speed_mps: float = 0.05
    #: speed below which the bar counts as arrived at lockout / on the floor, m/s
    settle_speed_mps: float = 0.02
    #: ... or, at lockout, where the velocity stopped falling: it changes by at most
    #: lockout_plateau_change_mps (m/s) over lockout_plateau_s (s), down to lockout_plateau_frac
    #: of the pull's peak speed or below (an integration drift left it off zero)
    lockout_plateau_s: float = 0.1
    lockout_plateau_change_mps: float = 0.03
    lockout_plateau_frac: float = 0.5
    #: a rest is refused while the bar, integrated from the last rest, moves faster than this, m/s
    rest_max_speed_mps: float = 0.15
    #: ... or, for a bar lifted from a rest by more than slow_pull_rise_m (m), never lowered,
    #: turned less than slow_pull_max_turn_deg (deg; a bar rolled on the floor turns, and the
    #: gyroscope's errors reach the velocity) and with no impact since: faster than
    #: slow_pull_speed_mps (m/s) and than slow_pull_error_frac of the velocity changes
    #: integrated since the rest, summed unsigned (what the integration's scale and alignment
    #: errors act on): a near-maximal pull grinding up steadily (0.06 m/s until 2026-12-07: a
    #: grind that slowed to 0.05 m/s at its sticking point had a rest there)
    slow_pull_speed_mps: float = 0.04
    slow_pull_rise_m: float = 0.04
    slow_pull_max_turn_deg: float = 5.0
    slow_pull_error_frac: float = 0.1
    #: ... judged this long after the rest it left (a near-maximal pull's lockout comes up to
    #: 5-6 s after it left the floor), s
    slow_pull_max_s: float = 8.0
    #: ... while the velocity changes summed stay within this many times its top speed: a
    #: steady pull speeds up and slows down about once (with a sticking point, twice), while a
    #: bar shaken as plates are loaded or stripped sums many times its speed, and its
    #: integration drifts as far
    slow_pull_max_dv_ratio: float = 3.0
    #: a bar pulled up from a bottom turn has not come down since while its integrated height
    #: stays within this of the highest it reached (the velocity after the floor's impact is
    #: then not below zero), m
    pull_descent_tol_m: float = 0.05
    #: ... plus this times the seconds of lost data (interpolated) in the motion: a lift's
    #: acceleration in a gap is unknown, and changes the velocity by up to about this much a
    #: second there, m/s^2
    lost_data_accel_mps2: float = 2.0
    #: ... so a bar's rest after a descent the link lost part of may lie up to 1/2 x that x the
    #: lost seconds squared higher than a descent's end, but at most this fraction of the rep's
    #: rise (a rest 0.4 of it below the lockout is still a visit to the top)
    lost_descent_max_frac: float = 0.2
    #: ... and the vertical accelerations of points whose specific force is this far off gravity's
    #: magnitude: an impact (a knock, a landing), whose integral at the grid rate is aliased.
    #: No loaded pull accelerates a bar at 1 g, g
    impact_min_g: float = 1.0
    #: ... or whose magnitude jumps this much from one grid point to the next (a lift's jerk is
    #: a few tens of m/s^3: a few hundredths of a g a step), g
    impact_jump_g: float = 0.2
    #: ... or (a bar) whose specific force is this far off the vertical: a knock or a shove (a
    #: pulled bar's path is near vertical: its horizontal accelerations are hundredths of a g), g
    impact_horizontal_g: float = 0.3
    #: an impact this soon after a bar's rest on the floor ended is the floor's: the load lies
    #: still or rises after it, so it only makes the velocity uncertain upwards, s. (Not after
    #: a bottom turn: one found before the floor stopped the bar leaves its velocity off.)
    floor_impact_s: float = 0.15
    #: ... judged only this long after the last rest (integration drift): for a bar, through
    #: a slow rep's whole motion (3-4 s from the floor back to it, touch-and-go), s
    fast_check_max_s: float = 4.0
    #: ... for a back sensor, this long (the shoulders' integration drifts faster), s
    back_fast_check_max_s: float = 3.0
    #: ... and where it looked still long enough to override, only this long after the last rest
    #: (a bar's too through a slow rep's motion; a back sensor's within the 3 s above), s, and
    #: while that long at that speed is shorter than this travel, m
    steady_check_max_s: float = 4.0
    max_steady_travel_m: float = 0.8
    #: a bar's rest after a bottom turn must not put it further below the floor than this, m,
    rest_below_floor_m: float = 0.1
    #: ... judged only this long after the turn (the height drifts with the square of the time:
    #: a bounce's aliased impact leaves the velocity off by up to a metre a second), s
    rest_below_floor_max_s: float = 3.0
    #: ... nor, where the integration reads a descent (the velocity left then put into the
    #: last impact puts the bar at least that high), higher than this times the last reps'
    #: usual rise above the floor (a steady lowering looks still; no lift takes a bar half
    #: again as high as a rep does)
    rest_above_rise_frac: float = 1.5
    #: a rest shorter than this takes its gravity magnitude from an earlier rest of the same
    #: orientation (within this chord, 2 sin(angle/2): 0.05 is about 3 deg), s
    short_rest_s: float = 1.0
    same_orientation_chord: float = 0.05
    #: ... and beyond that, from the nearest earlier rest's magnitude moved by the fitted
    #: accelerometer offset (a back at any orientation; a bar within this chord, about 9 deg: a
    #: bar lifted off the floor tilts a few degrees, while a rolled bar's new orientation lies
    #: where the fit extrapolates, and a per-axis scale error the offset cannot model grows)
    offset_magnitude_max_chord_bar: float = 0.15
    #: ... and with no offset fitted yet, a bar's short rest within this chord (about 6 deg)
    #: takes the nearest rest's magnitude as it is: a datasheet's worst offset (80 mg) changes
    #: it by 8 mg at most there
    short_rest_magnitude_max_chord_bar: float = 0.1
    #: a rest this long sets the magnitude reference of its orientation (what the sensor reads
    #: for gravity there), s; a back's only from back_reference_min_rest_s on: a trunk trembling
    #: under load in a hold, or swaying as the hips settle into the set-up, looks still for a
    #: few tenths of a second with its mean a few hundredths of a g off (altsim seeds 33, 37:
    #: 0.36-0.38 s read 0.03 g below the set-up posture's rests, and the floor in that posture
    #: then read as a steady acceleration, no rest). Tuning seeds, back altsim 0-39, 2000-2039,
    #: 3000-3039: exact counts 78.7 -> 79.1 %, 75.6 -> 76.6 %, 78.7 -> 78.4 %; pause recall
    #: 0.912 -> 0.917, 0.945 -> 0.949, 0.904 -> 0.920; hold p95 0.40 -> 0.36 s, 0.81 -> 0.63 s,
    #: 0.51 -> 0.45 s; own 30000-30099 83.2 -> 83.5 % (0.5 s lost seed 37's holds again)
    reference_min_rest_s: float = 0.3
    back_reference_min_rest_s: float = 0.7
    #: a rest this long is believed even where its gravity magnitude disagrees with earlier
    #: rests of that orientation (nothing moves steadily that long), s
    trusted_rest_s: float = 3.0
    #: a rest whose gravity direction turns faster than this does not calibrate the gyro's bias
    #: (a slow sway reads as still; its gyro mean is the bias plus the sway), deg/s
    max_calibration_tilt_dps: float = 1.0
    #: how fast the gyro's bias may wander (a random walk's rate, (deg/s)^2 per s: 0.05 deg/s
    #: per sqrt(s), about a MEMS part's warm-up drift), and how well a 1 s rest measures it
    #: (the sway or steady motion a short still-looking stretch hides), deg/s
    gyro_bias_walk_dps2_per_s: float = 0.0025
    rest_bias_noise_dps: float = 1.0
    #: accelerometer offset fitted to the rests of different orientations: ridge weight that
    #: keeps it near zero along directions the rests do not span (per unit chord^2 of spread)
    acc_offset_ridge: float = 0.01
    #: a bar counts as set down when, integrated from the lockout, it moves slower than this, m/s
    set_down_speed_mps: float = 0.15
    #: a bottom turn inside a motion follows a descent at least this fast, m/s
    min_descent_speed_mps: float = 0.15
    #: ... and lies no further than this below the level the rep started from, m
    bottom_turn_below_floor_m: float = 0.05
    #: ... or where the integrated level is down at the floor after the descent slowed by this
    #: much from its fastest (braking, the floor): landed, whatever the velocity says, m/s
    landing_decel_mps: float = 0.3
    #: ... where still coming down faster than this, only if the floor's impact was seen or the
    #: load has come to lie still (a lifter braking smoothly above the plates has not landed), m/s
    landing_unseen_max_speed_mps: float = 0.3
    #: ... and it touched the floor at the last upward acceleration at least this high before
    #: (the impact, aliased at the grid rate: a tenth of its peak may be all a sample shows), g
    landing_spike_g: float = 0.15
    #: for this long after a bar landed at a bottom turn, a short quiet window is believed over
    #: the integration (which the impact spoils), s
    landing_settle_s: float = 0.4
    #: a bar's low turn found this far below the floor, with no top since, lies on the floor
    #: (the integrated level drifted), m
    landed_below_floor_m: float = 0.3
    #: a motion between two rests longer than this is not integrated (walking, carrying), s
    max_segment_s: float = 25.0
    #: a pull reaches at least this upward speed somewhere between floor and lockout, m/s
    min_pull_speed_mps: float = 0.15
    #: ... unless it ground up steadily (a near-maximal pull) by at least this fraction of the
    #: usual rep's rise, or before any rep this far, m
    grind_min_rise_frac: float = 0.4
    grind_min_rise_m: float = 0.25
    #: a pull (or the descent) between two keypoints never lasts longer than this, s
    max_motion_s: float = 6.0
    #: a rep from the floor back to the floor takes at least this long (true reps on both
    #: simulators: 1.28 s and more), s
    min_rep_s: float = 1.0
    #: the lifter may stand at lockout at most this long before the descent, s
    max_lockout_s: float = 6.0
    #: ... and stands there in at most this many separate still stretches
    max_lockout_rests: int = 3
    #: m/s: ... where still stretches under ``hold_merge_s`` apart at one level (``hold_merge_m``),
    #: the bar moving no faster than this between them, count as one (the detector broke a stand)
    stand_sway_mps: float = 0.1
    #: s: the shortest descent from lockout to the floor (a dropped bar falls 0.45 m in 0.3 s):
    #: data lost that long may hide one
    min_unseen_descent_s: float = 0.25
    #: lift-off to lockout at most, s (pauses included)
    max_concentric_s: float = 15.0
    #: a pause hold lasts at most this long; a longer rest is the bar put down, s
    max_hold_s: float = 8.0
    #: ... and at least this long: a shorter stop is the bar turning over at a sticking point, or
    #: a landing's aliased impact leaving the level a few cm off the floor, not a hold (a pause,
    #: however short of its target, is held for most of a second), s
    min_hold_s: float = 0.35
    #: (bar) a hold at the first top after the floor is a pause where the bar rose less than this
    #: part of the usual rep's rise (the median of the last 5 reps'; 0.45 m before any)
    pause_max_rise_frac: float = 0.7
    #: a rest longer than this after a rep ends the set, s
    set_gap_s: float = 20.0
    #: a rep (lift-off to the bottom after it) turns the sensor about the vertical at most this
    #: much, turning away and back included: a loaded bar is not carried round, a lifter holding
    #: one does not turn about, deg
    max_rep_turn_deg: float = 30.0
    #: ... and a back sensor at most this much: the shoulders hold the bar with both hands, square
    #: to it (a bar may roll and swing in the hands; the trunk holding it does not turn), deg
    max_trunk_turn_deg: float = 15.0
    #: back placement: the trunk must rotate at least this much between bottom and lockout, deg
    min_trunk_rotation_deg: float = 20.0
    #: ... or this much where the shoulders' integrated rise is a rep's (min_rom_m), deg
    min_upright_rotation_deg: float = 12.0
    #: back placement: ... and at most this much: a deadlift's set-up inclines the trunk at most
    #: to about horizontal (90 deg from upright), and the lockout leans back a few degrees past
    #: upright. A larger turn is a forward fold, a stretch, not a pull; nor is a floor further
    #: than this from the last rep's lockout posture a set-up (RepTracker._set_up_within_a_hinge), deg
    max_trunk_rotation_deg: float = 105.0
    #: bar placement: the bar's orientation may change at most this much from floor to lockout,
    #: deg. The shaft may roll a few degrees in the hands, which turns gravity in the sensor frame
    #: like a tilt does; one end lifted is told by its rise (max_pivot_m), not by this
    max_bar_tilt_deg: float = 15.0
    #: bar placement: a sensor sits at most this far from the plate of the far end (an Olympic bar
    #: is 2.2 m long): a rise no more than this times sin(tilt) is one end lifted, not a pull, m
    max_pivot_m: float = 2.0
    #: bar placement: a rep's bottom (the bar back on its plates, still in the hands) is within
    #: this of the floor's orientation, deg: the shaft's roll in the hands; one end set down
    #: tilted was handling (on both simulators true reps come back within 2 deg, 99 %)
    max_bar_bottom_turn_deg: float = 8.0
    #: bar placement, where the bar's axis is known (analysis.bar_axis): a bar lifted off, held
    #: and set down on both plates keeps its shaft level within this, deg (one end lifted
    #: tilts it; a roll in the hands does not). Measured at true reps' tops on both simulators:
    #: p99 2.3-2.5 deg, largest 3.8 deg; one end lifted 4.6-4.9 deg made reps at 5 deg
    max_bar_level_tilt_deg: float = 4.5
    #: bar placement: rests at least this long teach the bar's axis (a short one's gravity is
    #: less sure), s
    axis_rest_min_s: float = 0.5
    #: bar placement: a pulled bar goes up and down; one that moved further than this
    #: horizontally between two rests of a rep was carried, m (a bar path strays a few cm; the
    #: integration's horizontal drift between two rests a few more)
    max_bar_horizontal_m: float = 0.5
    #: bar placement: a pull's velocity, between two stops (floor, holds, top), reverses (up
    #: faster than ``reversal_speed_mps``, then down faster than it) fewer than this many times;
    #: more is a bar bobbing in the hands (plates loaded with one end lifted, a carry's gait).
    #: Measured per stretch on both simulators' true reps (9,500): at most twice, 99 % never
    max_stretch_reversals: int = 3
    #: ... counting a reversal from above this speed up to above it down, m/s (the integration's
    #: noise in a pull stays below it)
    reversal_speed_mps: float = 0.05
    #: bar placement: a hold leaves the bar's orientation within this of the floor's, deg
    max_hold_turn_deg: float = 3.0
    #: back placement: the trunk counts as turning above this rotation rate, deg/s
    trunk_settle_dps: float = 5.0
    #: back placement: the shoulders may still rise this long after the trunk stopped turning at
    #: lockout (the knees finishing it), s; a rise seen later is the velocity's drift
    back_lockout_rise_after_trunk_s: float = 0.2
    #: back placement: a dead stop's bottom has the shoulders' descent speed shed by this
    #: fraction of its peak (the trunk settles earlier, as the bar passes the knees) ...
    bottom_shed_frac: float = 0.7
    #: ... or is this long after the trunk settled near the bottom posture, s
    bottom_wait_s: float = 0.3
    #: back placement: a rep's top lies within this of the most upright posture of its motion;
    #: a height turn with the trunk hinged further back down is the integration running away, deg
    max_top_turn_back_deg: float = 5.0
    #: back placement, live: the trunk back within this of the floor's posture after a hinge, the
    #: shoulders turning up (touch-and-go) or, once the trunk settled there, having shed
    #: ``bottom_shed_frac`` of their speed or waited ``bottom_wait_s`` (dead stop), is the rep's
    #: bottom (before the stillness detector sees the rest), deg
    trunk_bottom_deg: float = 6.0
    #: ... or of the last rep's bottom posture (the trunk caught at its turn, in motion: touch-and-go
    #: reps' bottoms differ by a few degrees more than a set-up held still), deg
    trunk_next_bottom_deg: float = 10.0
    #: back placement: ... or the trunk turning back up from there at least this fast (the next
    #: pull of a touch-and-go; a settling trunk turns a few deg/s), deg/s
    trunk_turn_back_dps: float = 30.0
    #: back placement: a rest at the floor's level with the trunk turned more than this from the
    #: set-up (and less than ``min_trunk_rotation_deg``: more is a new posture) is a hold just off
    #: the floor (and two rests of a hold within this of each other are one: the trunk's sway), deg
    min_hold_turn_deg: float = 5.0
    #: ... and a rest taken for the top was a hold on the way where, the shoulders risen since
    #: (``hold_min_rise_m``), the trunk turned on towards upright by this much: twice the
    #: posture's sway (a hold at the knee leaves a few cm of the shoulders' rise, 10-15 deg of
    #: the trunk's turn; one above the knee 8-10 deg), deg
    hold_turn_on_deg: float = 8.0
    #: ... where the shoulders rose on the way at this speed at least: the bar was lifted off the
    #: floor (a set-up settling turns the trunk about the hips, the shoulders staying over the
    #: bar), m/s
    min_hold_lift_speed_mps: float = 0.075
    #: back placement: a rest at least this far above the set-up (m), the trunk still in the
    #: set-up's posture (within ``min_hold_turn_deg``), the shoulders risen at
    #: ``min_hold_lift_speed_mps`` on the way, is a hold a few cm off the floor: the knees extend
    #: and the trunk keeps its angle as the bar breaks off the floor (altsim tuning seeds 0-39:
    #: such holds rose 1.0-3.0 cm; a set-up's rests after a settle rose less, or slowly)
    low_hold_min_rise_m: float = 0.01
    #: back placement: the bottom posture after a rep is within this of the one before it, deg
    max_bottom_change_deg: float = 12.0
    #: ... or within this of a set-up's posture, held still before the first pull (the bar goes
    #: back where it was lifted from; a rep's bottom caught in motion is less exact), deg
    max_setup_bottom_change_deg: float = 8.0
    #: back placement: a first pull starts from a set-up held at least this long: the trunk within
    #: ``min_hold_turn_deg`` of the set-up's posture, settling in it included (hips and chest
    #: move a little before it is still; a bend to pick a plate up stops at the bottom for a
    #: moment), s
    min_setup_s: float = 0.8
    #: back placement: ... and held still at most this long: a braced set-up is held seconds, a
    #: forward fold stretched, or a seat, for longer (the pull "from" there is the lifter
    #: straightening up out of it), s
    max_setup_s: float = 8.0
    #: back placement, live: a pause keeps the trunk inclined (the bar below the knee) at least this
    #: fraction of the usual hinge (set-up to lockout) from the last rep's lockout posture
    #: (standing upright); a rest nearer it, or a floor nearer it (standing between sets, not a
    #: set-up), is no pause
    min_pause_incline_frac: float = 0.3
    #: tempo loss: moving concentric time this much above the fastest earlier rep of the set
    tempo_loss_ratio: float = 1.25
