package dev.lrsweep.core.model;

import dev.lrsweep.core.data.DataBlock;

/**
 * Linear regression with PyTorch's {@code nn.MSELoss()}: the mean of {@code (z − y)²} over the batch, with no
 * ½ factor, so the gradient of one row is {@code 2(z − y)/B · [x, 1]}.
 */
public final class LinearRegression extends SingleOutputModel {
    private static final long serialVersionUID = 1L;

    public LinearRegression(int features) {
        super(features);
    }

    @Override
    public String type() {
        return "linear";
    }

    @Override
    double rowLoss(double z, double y) {
        double e = z - y;
        return e * e;
    }

    @Override
    double rowLossSlope(double z, double y) {
        return 2.0 * (z - y);
    }

    @Override
    public String checkLabels(DataBlock data) {
        double[] y = data.y();
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                return "row " + i + " has label " + y[i];
            }
        }
        return null;
    }
}
