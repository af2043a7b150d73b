package dev.lrsweep.core.rangetest;

import java.io.Serializable;

/**
 * What the range-test rule ({@link RangeTestRule}) reads from one smoothed curve: a seed's, or the median of a
 * group's seeds. Rates are NaN where the curve does not have them (no suggestion when the loss never fell).
 *
 * @param suggestedLr the suggested rate: the geometric middle √(fall end × edge) of the loss's low region (held
 *                    at the data's edge for least squares trained by SGD)
 * @param steepestLr  where the smoothed loss falls fastest per decade of rate, within its fall
 * @param fallStartLr where the smoothed loss has made a tenth of its fall
 * @param fallEndLr   where it has made nine tenths of its fall
 * @param lowestLr    where the smoothed loss is lowest
 * @param edgeLr      where the smoothed loss turns up for good: the last rate at which it is still near its lowest
 * @param lastLr      the rate of the curve's last update (where the run stopped, or the ramp's end)
 * @param turnedUp    true when the smoothed loss rose clearly after its lowest point (else the edge lies beyond
 *                    the ramp's end, and edgeLr is a lower bound)
 * @param fall        the factor by which the smoothed loss fell, from its start to its lowest
 * @param smoothed    the smoothed loss at each update of the curve (loss units)
 * @param note        why there is no suggestion, or null
 */
public record Finding(double suggestedLr, double steepestLr, double fallStartLr, double fallEndLr, double lowestLr,
                      double edgeLr, double lastLr, boolean turnedUp, double fall, double[] smoothed, String note)
        implements Serializable {

    /** True when the rule found a falling region and so a suggestion. */
    public boolean suggests() {
        return !Double.isNaN(suggestedLr);
    }
}
