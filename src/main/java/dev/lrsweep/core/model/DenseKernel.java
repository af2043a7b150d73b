package dev.lrsweep.core.model;

/**
 * The two dense products of a linear layer over a mini-batch, for K output columns at once (one column per
 * trial and output, when trials are trained together):
 * <pre>
 *   forward:   z[i·K + k] = (Σ_j x[i·d + j] · w[j·K + k]) + b[bo + k]
 *   backward:  g[j·K + k] =  Σ_i x[i·d + j] · s[i·K + k],   gb[go + k] = Σ_i s[i·K + k]
 * </pre>
 * The bias offsets bo and go let the biases sit right after the weights in one array, as in a block of trials'
 * parameters (row d of the block).
 * Every sum runs in index order, each term fused with {@link Math#fma} (the bias sum with plain additions), so
 * every output element is the same sequence of IEEE operations whatever the number of columns, the vector
 * width or the implementation. That is what makes a trial trained in a block bit-identical to the same trial
 * trained alone.
 *
 * <p>{@link #INSTANCE} is the vectorised implementation when the JVM has the {@code jdk.incubator.vector}
 * module (spark-submit and lrsweep's launcher add it), and the scalar one otherwise; both give the same bits.
 */
public interface DenseKernel {

    /** The fastest implementation this JVM can run. */
    DenseKernel INSTANCE = Selection.choose();

    /**
     * @param x rows × d inputs, row-major; @param w d × K weights; @param b the K biases from {@code bo};
     * @param z rows × K outputs
     */
    void forward(double[] x, int rows, int d, double[] w, double[] b, int bo, int k, double[] z);

    /**
     * @param s rows × K output slopes; @param g d × K weight gradients; @param gb receives the K bias gradients
     * from {@code go} (it may be {@code g} itself, with go ≥ d·K)
     */
    void backward(double[] x, int rows, int d, double[] s, int k, double[] g, double[] gb, int go);

    /** A short name for reports: {@code vector(8 lanes)} or {@code scalar}. */
    String describe();

    /** Chooses the implementation once per JVM, and the vectorised companions of other loops with it. */
    final class Selection {
        private Selection() {
        }

        static DenseKernel choose() {
            if (!Boolean.getBoolean("lrsweep.scalar")
                    && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
                return load(DenseKernel.class, "dev.lrsweep.core.model.VectorDenseKernel", new ScalarDenseKernel());
            }
            return new ScalarDenseKernel();
        }

        /**
         * The vectorised implementation {@code className} of {@code type} when this JVM runs the vectorised
         * kernel, else (or when it cannot be loaded) {@code scalar}, which must give the same bits.
         */
        public static <T> T vectorisedOr(Class<T> type, String className, T scalar) {
            return INSTANCE instanceof ScalarDenseKernel ? scalar : load(type, className, scalar);
        }

        private static <T> T load(Class<T> type, String className, T fallback) {
            try {
                java.lang.reflect.Constructor<?> constructor = Class.forName(className).getDeclaredConstructor();
                constructor.setAccessible(true);
                return type.cast(constructor.newInstance());
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return fallback;
            }
        }
    }
}
