package dev.lrsweep.core.schedule;

/**
 * Cyclical learning rates (Smith, WACV 2017, arXiv:1506.01186) as {@code torch.optim.lr_scheduler.CyclicLR}
 * with max_lr = α and {@code cycle_momentum=False}. Modes: {@code triangular} (constant amplitude),
 * {@code triangular2} (amplitude halved each cycle) and {@code exp_range} (amplitude scaled by γ^k).
 */
record Cyclic(double baseLr, double maxLr, double stepSizeUp, double stepSizeDown, String mode, double gamma)
        implements Schedule {

    @Override
    public double rate(long k) {
        double totalSize = stepSizeUp + stepSizeDown;
        double stepRatio = stepSizeUp / totalSize;
        double cycle = Math.floor(1 + k / totalSize);
        double x = 1. + k / totalSize - cycle;
        double scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
        double baseHeight = (maxLr - baseLr) * scaleFactor;
        double scale = switch (mode) {
            case "triangular" -> 1.0;
            case "triangular2" -> 1 / StrictMath.pow(2., cycle - 1);
            case "exp_range" -> StrictMath.pow(gamma, k);
            default -> throw new IllegalStateException("unknown cyclic mode " + mode);
        };
        return baseLr + baseHeight * scale;
    }
}
