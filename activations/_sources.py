"""Original papers for each activation and where PyTorch, JAX and Keras provide it."""

from __future__ import annotations

from activations._types import FrameworkName, Reference

# Papers that introduced each activation (or, for classic functions, the canonical historical
# source); an empty tuple means no originating paper could be verified.
REFERENCES: dict[str, tuple[Reference, ...]] = {
    "linear": (
        Reference(
            authors="B. Widrow, M. E. Hoff",
            title="Adaptive Switching Circuits",
            year=1960,
            url="https://apps.dtic.mil/sti/citations/AD0241531",
            venue="IRE WESCON Convention Record 1960",
        ),
    ),
    "binary_step": (
        Reference(
            authors="W. S. McCulloch, W. Pitts",
            title="A Logical Calculus of the Ideas Immanent in Nervous Activity",
            year=1943,
            url="https://doi.org/10.1007/BF02478259",
            venue="Bulletin of Mathematical Biophysics 5",
        ),
        Reference(
            authors="F. Rosenblatt",
            title=(
                "The Perceptron: A Probabilistic Model for Information Storage and Organization in"
                " the Brain"
            ),
            year=1958,
            url="https://doi.org/10.1037/h0042519",
            venue="Psychological Review 65(6)",
        ),
    ),
    "sigmoid": (
        Reference(
            authors="D. E. Rumelhart, G. E. Hinton, R. J. Williams",
            title="Learning representations by back-propagating errors",
            year=1986,
            url="https://doi.org/10.1038/323533a0",
            venue="Nature 323",
        ),
    ),
    "tanh": (
        Reference(
            authors="Y. LeCun, L. Bottou, G. B. Orr, K.-R. Müller",
            title="Efficient BackProp",
            year=1998,
            url="https://doi.org/10.1007/3-540-49430-8_2",
            venue="Neural Networks: Tricks of the Trade (LNCS 1524)",
        ),
    ),
    "hard_sigmoid": (
        Reference(
            authors=(
                "A. Howard, M. Sandler, G. Chu, L.-C. Chen, B. Chen, M. Tan, W. Wang, Y. Zhu,"
                " R. Pang, V. Vasudevan, Q. V. Le, H. Adam"
            ),
            title="Searching for MobileNetV3",
            year=2019,
            url="https://arxiv.org/abs/1905.02244",
            venue="ICCV 2019",
        ),
    ),
    "hard_tanh": (
        Reference(
            authors="R. Collobert, J. Weston, L. Bottou, M. Karlen, K. Kavukcuoglu, P. Kuksa",
            title="Natural Language Processing (Almost) from Scratch",
            year=2011,
            url="https://jmlr.org/papers/v12/collobert11a.html",
            venue="JMLR 12",
        ),
    ),
    "softsign": (
        Reference(
            authors="X. Glorot, Y. Bengio",
            title="Understanding the difficulty of training deep feedforward neural networks",
            year=2010,
            url="https://proceedings.mlr.press/v9/glorot10a.html",
            venue="AISTATS 2010",
        ),
    ),
    "arctan": (),
    "lecun_tanh": (
        Reference(
            authors="Y. LeCun, L. Bottou, G. B. Orr, K.-R. Müller",
            title="Efficient BackProp",
            year=1998,
            url="https://doi.org/10.1007/3-540-49430-8_2",
            venue="Neural Networks: Tricks of the Trade (LNCS 1524)",
        ),
    ),
    "isru": (
        Reference(
            authors="B. Carlile, G. Delamarter, P. Kinney, A. Marti, B. Whitney",
            title="Improving Deep Learning by Inverse Square Root Linear Units (ISRLUs)",
            year=2017,
            url="https://arxiv.org/abs/1710.09967",
            venue="arXiv preprint",
        ),
    ),
    "log_sigmoid": (),
    "tanhshrink": (),
    "sparse_sigmoid": (
        Reference(
            authors="A. F. T. Martins, R. F. Astudillo",
            title=(
                "From Softmax to Sparsemax: A Sparse Model of Attention and Multi-Label"
                " Classification"
            ),
            year=2016,
            url="https://arxiv.org/abs/1602.02068",
            venue="ICML 2016",
        ),
        Reference(
            authors="M. Blondel, A. F. T. Martins, V. Niculae",
            title="Learning with Fenchel-Young Losses",
            year=2020,
            url="https://jmlr.org/papers/v21/19-021.html",
            venue="JMLR 21",
        ),
    ),
    "relu": (
        Reference(
            authors="V. Nair, G. E. Hinton",
            title="Rectified Linear Units Improve Restricted Boltzmann Machines",
            year=2010,
            url="https://icml.cc/Conferences/2010/papers/432.pdf",
            venue="ICML 2010",
        ),
        Reference(
            authors="X. Glorot, A. Bordes, Y. Bengio",
            title="Deep Sparse Rectifier Neural Networks",
            year=2011,
            url="https://proceedings.mlr.press/v15/glorot11a.html",
            venue="AISTATS 2011",
        ),
    ),
    "leaky_relu": (
        Reference(
            authors="A. L. Maas, A. Y. Hannun, A. Y. Ng",
            title="Rectifier Nonlinearities Improve Neural Network Acoustic Models",
            year=2013,
            url="https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf",
            venue="ICML 2013 Workshop on Deep Learning for Audio, Speech and Language Processing",
        ),
    ),
    "prelu": (
        Reference(
            authors="K. He, X. Zhang, S. Ren, J. Sun",
            title=(
                "Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet"
                " Classification"
            ),
            year=2015,
            url="https://arxiv.org/abs/1502.01852",
            venue="ICCV 2015",
        ),
    ),
    "rrelu": (
        Reference(
            authors="B. Xu, N. Wang, T. Chen, M. Li",
            title="Empirical Evaluation of Rectified Activations in Convolutional Network",
            year=2015,
            url="https://arxiv.org/abs/1505.00853",
            venue="arXiv preprint",
        ),
    ),
    "relu6": (
        Reference(
            authors="A. Krizhevsky",
            title="Convolutional Deep Belief Networks on CIFAR-10",
            year=2010,
            url="https://www.cs.toronto.edu/~kriz/conv-cifar10-aug2010.pdf",
            venue="Unpublished manuscript, University of Toronto",
        ),
    ),
    "threshold": (),
    "hardshrink": (
        Reference(
            authors="D. L. Donoho, I. M. Johnstone",
            title="Ideal spatial adaptation by wavelet shrinkage",
            year=1994,
            url="https://doi.org/10.1093/biomet/81.3.425",
            venue="Biometrika 81(3)",
        ),
    ),
    "softshrink": (
        Reference(
            authors="D. L. Donoho",
            title="De-noising by soft-thresholding",
            year=1995,
            url="https://doi.org/10.1109/18.382009",
            venue="IEEE Transactions on Information Theory 41(3)",
        ),
        Reference(
            authors="D. L. Donoho, I. M. Johnstone",
            title="Ideal spatial adaptation by wavelet shrinkage",
            year=1994,
            url="https://doi.org/10.1093/biomet/81.3.425",
            venue="Biometrika 81(3)",
        ),
    ),
    "softplus": (
        Reference(
            authors="C. Dugas, Y. Bengio, F. Bélisle, C. Nadeau, R. Garcia",
            title="Incorporating Second-Order Functional Knowledge for Better Option Pricing",
            year=2001,
            url=(
                "https://proceedings.neurips.cc/paper/2000/hash/"
                "44968aece94f667e4095002d140b5896-Abstract.html"
            ),
            venue="NIPS 13 (2000)",
        ),
    ),
    "elu": (
        Reference(
            authors="D.-A. Clevert, T. Unterthiner, S. Hochreiter",
            title="Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)",
            year=2016,
            url="https://arxiv.org/abs/1511.07289",
            venue="ICLR 2016",
        ),
    ),
    "selu": (
        Reference(
            authors="G. Klambauer, T. Unterthiner, A. Mayr, S. Hochreiter",
            title="Self-Normalizing Neural Networks",
            year=2017,
            url="https://arxiv.org/abs/1706.02515",
            venue="NeurIPS 2017",
        ),
    ),
    "celu": (
        Reference(
            authors="J. T. Barron",
            title="Continuously Differentiable Exponential Linear Units",
            year=2017,
            url="https://arxiv.org/abs/1704.07483",
            venue="arXiv preprint",
        ),
    ),
    "gelu": (
        Reference(
            authors="D. Hendrycks, K. Gimpel",
            title="Gaussian Error Linear Units (GELUs)",
            year=2016,
            url="https://arxiv.org/abs/1606.08415",
            venue="arXiv preprint",
        ),
    ),
    "gelu_tanh": (
        Reference(
            authors="D. Hendrycks, K. Gimpel",
            title="Gaussian Error Linear Units (GELUs)",
            year=2016,
            url="https://arxiv.org/abs/1606.08415",
            venue="arXiv preprint",
        ),
    ),
    "silu": (
        Reference(
            authors="D. Hendrycks, K. Gimpel",
            title="Gaussian Error Linear Units (GELUs)",
            year=2016,
            url="https://arxiv.org/abs/1606.08415",
            venue="arXiv preprint",
        ),
        Reference(
            authors="S. Elfwing, E. Uchibe, K. Doya",
            title=(
                "Sigmoid-Weighted Linear Units for Neural Network Function Approximation in"
                " Reinforcement Learning"
            ),
            year=2018,
            url="https://doi.org/10.1016/j.neunet.2017.12.012",
            venue="Neural Networks 107",
        ),
        Reference(
            authors="P. Ramachandran, B. Zoph, Q. V. Le",
            title="Searching for Activation Functions",
            year=2017,
            url="https://arxiv.org/abs/1710.05941",
            venue="arXiv preprint",
        ),
    ),
    "mish": (
        Reference(
            authors="D. Misra",
            title="Mish: A Self Regularized Non-Monotonic Activation Function",
            year=2019,
            url="https://arxiv.org/abs/1908.08681",
            venue="arXiv preprint (BMVC 2020)",
        ),
    ),
    "hard_swish": (
        Reference(
            authors=(
                "A. Howard, M. Sandler, G. Chu, L.-C. Chen, B. Chen, M. Tan, W. Wang, Y. Zhu,"
                " R. Pang, V. Vasudevan, Q. V. Le, H. Adam"
            ),
            title="Searching for MobileNetV3",
            year=2019,
            url="https://arxiv.org/abs/1905.02244",
            venue="ICCV 2019",
        ),
    ),
    "squareplus": (
        Reference(
            authors="J. T. Barron",
            title="Squareplus: A Softplus-Like Algebraic Rectifier",
            year=2021,
            url="https://arxiv.org/abs/2112.11687",
            venue="arXiv preprint",
        ),
    ),
    "sparse_plus": (
        Reference(
            authors="M. Blondel, A. F. T. Martins, V. Niculae",
            title="Learning with Fenchel-Young Losses",
            year=2020,
            url="https://jmlr.org/papers/v21/19-021.html",
            venue="JMLR 21",
        ),
    ),
    "isrlu": (
        Reference(
            authors="B. Carlile, G. Delamarter, P. Kinney, A. Marti, B. Whitney",
            title="Improving Deep Learning by Inverse Square Root Linear Units (ISRLUs)",
            year=2017,
            url="https://arxiv.org/abs/1710.09967",
            venue="arXiv preprint",
        ),
    ),
    "elish": (
        Reference(
            authors="M. Basirat, P. M. Roth",
            title="The Quest for the Golden Activation Function",
            year=2018,
            url="https://arxiv.org/abs/1808.00783",
            venue="arXiv preprint",
        ),
    ),
    "bent_identity": (),
    "exponential": (),
    "gaussian": (),
    "sinusoid": (
        Reference(
            authors="G. Parascandolo, H. Huttunen, T. Virtanen",
            title="Taming the waves: sine as activation function in deep neural networks",
            year=2016,
            url="https://openreview.net/forum?id=Sks3zF9eg",
            venue="ICLR 2017 submission (OpenReview)",
        ),
        Reference(
            authors="V. Sitzmann, J. N. P. Martel, A. W. Bergman, D. B. Lindell, G. Wetzstein",
            title="Implicit Neural Representations with Periodic Activation Functions",
            year=2020,
            url="https://arxiv.org/abs/2006.09661",
            venue="NeurIPS 2020",
        ),
    ),
    "sinc": (),
}

# Where each activation lives in PyTorch, JAX (jax.nn) and Keras 3, checked against torch 2.13,
# jax 0.10.2 and keras 3.15.1, and in Flax (nnx), TensorFlow (tf.nn) and MLX; notes say how a
# framework's definition, default or gradient at a kink differs from this site's definition.
# The vector-valued ones (softmax, log_softmax, glu) close the table.
# measurements/frameworks.json records what each name computes (`make frameworks`).
FRAMEWORKS: dict[str, tuple[FrameworkName, ...]] = {
    "linear": (
        FrameworkName("PyTorch", function="", layer="torch.nn.Identity"),
        FrameworkName("JAX", function="jax.nn.identity"),
        FrameworkName("Keras", function="keras.activations.linear", layer="keras.layers.Identity"),
        FrameworkName("Flax", function="flax.nnx.identity"),
        FrameworkName("MLX", function="", layer="mlx.nn.Identity"),
    ),
    "binary_step": (FrameworkName("MLX", function="mlx.nn.step", layer="mlx.nn.Step"),),
    "sigmoid": (
        FrameworkName("PyTorch", function="torch.nn.functional.sigmoid", layer="torch.nn.Sigmoid"),
        FrameworkName("JAX", function="jax.nn.sigmoid"),
        FrameworkName("Keras", function="keras.activations.sigmoid"),
        FrameworkName("Flax", function="flax.nnx.sigmoid"),
        FrameworkName("TensorFlow", function="tf.nn.sigmoid"),
        FrameworkName("MLX", function="mlx.nn.sigmoid", layer="mlx.nn.Sigmoid"),
    ),
    "tanh": (
        FrameworkName("PyTorch", function="torch.nn.functional.tanh", layer="torch.nn.Tanh"),
        FrameworkName("JAX", function="jax.nn.tanh"),
        FrameworkName("Keras", function="keras.activations.tanh"),
        FrameworkName("Flax", function="flax.nnx.tanh"),
        FrameworkName("TensorFlow", function="tf.nn.tanh"),
        FrameworkName("MLX", function="mlx.nn.tanh", layer="mlx.nn.Tanh"),
    ),
    "hard_sigmoid": (
        FrameworkName(
            "PyTorch", function="torch.nn.functional.hardsigmoid", layer="torch.nn.Hardsigmoid"
        ),
        FrameworkName("JAX", function="jax.nn.hard_sigmoid"),
        FrameworkName("Keras", function="keras.activations.hard_sigmoid"),
        FrameworkName("Flax", function="flax.nnx.hard_sigmoid"),
    ),
    "hard_tanh": (
        FrameworkName(
            "PyTorch",
            function="torch.nn.functional.hardtanh",
            layer="torch.nn.Hardtanh",
            defaults="min_val=-1.0, max_val=1.0",
        ),
        FrameworkName(
            "JAX",
            function="jax.nn.hard_tanh",
            note="Same values, but its gradient at z = ±1 is 1, where PyTorch gives 0.",
        ),
        FrameworkName("Keras", function="keras.activations.hard_tanh"),
        FrameworkName("Flax", function="flax.nnx.hard_tanh"),
        FrameworkName("MLX", function="mlx.nn.hard_tanh", layer="mlx.nn.HardTanh"),
    ),
    "softsign": (
        FrameworkName(
            "PyTorch", function="torch.nn.functional.softsign", layer="torch.nn.Softsign"
        ),
        FrameworkName("JAX", function="jax.nn.soft_sign"),
        FrameworkName("Keras", function="keras.activations.softsign"),
        FrameworkName("Flax", function="flax.nnx.soft_sign"),
        FrameworkName("TensorFlow", function="tf.nn.softsign"),
        FrameworkName("MLX", function="mlx.nn.softsign", layer="mlx.nn.Softsign"),
    ),
    "arctan": (),
    "lecun_tanh": (),
    "isru": (),
    "log_sigmoid": (
        FrameworkName(
            "PyTorch", function="torch.nn.functional.logsigmoid", layer="torch.nn.LogSigmoid"
        ),
        FrameworkName("JAX", function="jax.nn.log_sigmoid"),
        FrameworkName("Keras", function="keras.activations.log_sigmoid"),
        FrameworkName("Flax", function="flax.nnx.log_sigmoid"),
        FrameworkName("TensorFlow", function="tf.math.log_sigmoid"),
        FrameworkName("MLX", function="mlx.nn.log_sigmoid", layer="mlx.nn.LogSigmoid"),
    ),
    "tanhshrink": (
        FrameworkName(
            "PyTorch", function="torch.nn.functional.tanhshrink", layer="torch.nn.Tanhshrink"
        ),
        FrameworkName("Keras", function="keras.activations.tanh_shrink"),
    ),
    "sparse_sigmoid": (
        FrameworkName(
            "JAX",
            function="jax.nn.sparse_sigmoid",
            note="Same values, but its gradient at z = ±1 is 0.25, half the inner slope.",
        ),
        FrameworkName("Keras", function="keras.activations.sparse_sigmoid"),
    ),
    "relu": (
        FrameworkName("PyTorch", function="torch.nn.functional.relu", layer="torch.nn.ReLU"),
        FrameworkName("JAX", function="jax.nn.relu"),
        FrameworkName(
            "Keras",
            function="keras.activations.relu",
            layer="keras.layers.ReLU",
            defaults="negative_slope=0.0, max_value=None, threshold=0.0",
        ),
        FrameworkName("Flax", function="flax.nnx.relu"),
        FrameworkName("TensorFlow", function="tf.nn.relu"),
        FrameworkName("MLX", function="mlx.nn.relu", layer="mlx.nn.ReLU"),
    ),
    "leaky_relu": (
        FrameworkName(
            "PyTorch",
            function="torch.nn.functional.leaky_relu",
            layer="torch.nn.LeakyReLU",
            defaults="negative_slope=0.01",
        ),
        FrameworkName(
            "JAX",
            function="jax.nn.leaky_relu",
            defaults="negative_slope=0.01",
            note="It uses x >= 0 for the identity branch, so its gradient at 0 is 1, not 0.01.",
        ),
        FrameworkName(
            "Keras",
            function="keras.activations.leaky_relu",
            layer="keras.layers.LeakyReLU",
            defaults="negative_slope=0.2 (keras.layers.LeakyReLU: negative_slope=0.3)",
            note="The default slope is 0.2 for the function and 0.3 for the layer, not 0.01.",
        ),
        FrameworkName("Flax", function="flax.nnx.leaky_relu"),
        FrameworkName("TensorFlow", function="tf.nn.leaky_relu"),
        FrameworkName("MLX", function="mlx.nn.leaky_relu", layer="mlx.nn.LeakyReLU"),
    ),
    "prelu": (
        FrameworkName(
            "PyTorch",
            function="torch.nn.functional.prelu",
            layer="torch.nn.PReLU",
            defaults="num_parameters=1, init=0.25",
        ),
        FrameworkName(
            "Keras",
            function="",
            layer="keras.layers.PReLU",
            defaults="alpha_initializer='Zeros'",
            note="The learnable slope starts at 0, not 0.25, so the layer begins as a plain ReLU.",
        ),
        FrameworkName("Flax", function="", layer="flax.nnx.PReLU"),
        FrameworkName("MLX", function="mlx.nn.prelu", layer="mlx.nn.PReLU"),
    ),
    "rrelu": (
        FrameworkName(
            "PyTorch",
            function="torch.nn.functional.rrelu",
            layer="torch.nn.RReLU",
            defaults="lower=1/8, upper=1/3, training=False",
            note=(
                "In training mode, the default for a new nn.RReLU, each negative slope is drawn"
                " from U(lower, upper); the fixed mean slope applies only in eval mode."
            ),
        ),
    ),
    "relu6": (
        FrameworkName("PyTorch", function="torch.nn.functional.relu6", layer="torch.nn.ReLU6"),
        FrameworkName("JAX", function="jax.nn.relu6"),
        FrameworkName("Keras", function="keras.activations.relu6"),
        FrameworkName("Flax", function="flax.nnx.relu6"),
        FrameworkName("TensorFlow", function="tf.nn.relu6"),
        FrameworkName("MLX", function="mlx.nn.relu6", layer="mlx.nn.ReLU6"),
    ),
    "threshold": (
        FrameworkName(
            "PyTorch",
            function="torch.nn.functional.threshold",
            layer="torch.nn.Threshold",
            note="threshold and value are required arguments with no defaults.",
        ),
        FrameworkName(
            "Keras",
            function="keras.activations.threshold",
            note="threshold and default_value are required arguments with no defaults.",
        ),
    ),
    "hardshrink": (
        FrameworkName(
            "PyTorch",
            function="torch.nn.functional.hardshrink",
            layer="torch.nn.Hardshrink",
            defaults="lambd=0.5",
        ),
        FrameworkName("Keras", function="keras.activations.hard_shrink", defaults="threshold=0.5"),
        FrameworkName("MLX", function="mlx.nn.hard_shrink", layer="mlx.nn.HardShrink"),
    ),
    "softshrink": (
        FrameworkName(
            "PyTorch",
            function="torch.nn.functional.softshrink",
            layer="torch.nn.Softshrink",
            defaults="lambd=0.5",
        ),
        FrameworkName("Keras", function="keras.activations.soft_shrink", defaults="threshold=0.5"),
        FrameworkName("MLX", function="mlx.nn.softshrink", layer="mlx.nn.Softshrink"),
    ),
    "softplus": (
        FrameworkName(
            "PyTorch",
            function="torch.nn.functional.softplus",
            layer="torch.nn.Softplus",
            defaults="beta=1.0, threshold=20.0",
            note="For numerical stability it returns z exactly once beta*z exceeds threshold.",
        ),
        FrameworkName("JAX", function="jax.nn.softplus"),
        FrameworkName("Keras", function="keras.activations.softplus"),
        FrameworkName("Flax", function="flax.nnx.softplus"),
        FrameworkName("TensorFlow", function="tf.nn.softplus"),
        FrameworkName("MLX", function="mlx.nn.softplus", layer="mlx.nn.Softplus"),
    ),
    "elu": (
        FrameworkName(
            "PyTorch",
            function="torch.nn.functional.elu",
            layer="torch.nn.ELU",
            defaults="alpha=1.0",
        ),
        FrameworkName("JAX", function="jax.nn.elu", defaults="alpha=1.0"),
        FrameworkName(
            "Keras",
            function="keras.activations.elu",
            layer="keras.layers.ELU",
            defaults="alpha=1.0",
        ),
        FrameworkName("Flax", function="flax.nnx.elu"),
        FrameworkName("TensorFlow", function="tf.nn.elu"),
        FrameworkName("MLX", function="mlx.nn.elu", layer="mlx.nn.ELU"),
    ),
    "selu": (
        FrameworkName("PyTorch", function="torch.nn.functional.selu", layer="torch.nn.SELU"),
        FrameworkName("JAX", function="jax.nn.selu"),
        FrameworkName("Keras", function="keras.activations.selu"),
        FrameworkName("Flax", function="flax.nnx.selu"),
        FrameworkName("TensorFlow", function="tf.nn.selu"),
        FrameworkName("MLX", function="mlx.nn.selu", layer="mlx.nn.SELU"),
    ),
    "celu": (
        FrameworkName(
            "PyTorch",
            function="torch.nn.functional.celu",
            layer="torch.nn.CELU",
            defaults="alpha=1.0",
        ),
        FrameworkName("JAX", function="jax.nn.celu", defaults="alpha=1.0"),
        FrameworkName("Keras", function="keras.activations.celu", defaults="alpha=1.0"),
        FrameworkName("Flax", function="flax.nnx.celu"),
        FrameworkName("MLX", function="mlx.nn.celu", layer="mlx.nn.CELU"),
    ),
    "gelu": (
        FrameworkName(
            "PyTorch",
            function="torch.nn.functional.gelu",
            layer="torch.nn.GELU",
            defaults="approximate='none'",
        ),
        FrameworkName(
            "JAX",
            function="jax.nn.gelu",
            defaults="approximate=True",
            note="Defaults to the tanh approximation; pass approximate=False for exact zΦ(z).",
        ),
        FrameworkName("Keras", function="keras.activations.gelu", defaults="approximate=False"),
        FrameworkName("Flax", function="flax.nnx.gelu"),
        FrameworkName("TensorFlow", function="tf.nn.gelu"),
        FrameworkName("MLX", function="mlx.nn.gelu", layer="mlx.nn.GELU"),
    ),
    "gelu_tanh": (
        FrameworkName(
            "PyTorch",
            function="torch.nn.functional.gelu",
            layer="torch.nn.GELU",
            defaults="approximate='none'",
            note="Pass approximate='tanh' for this form; the default is the exact GELU.",
        ),
        FrameworkName("JAX", function="jax.nn.gelu", defaults="approximate=True"),
        FrameworkName(
            "Keras",
            function="keras.activations.gelu",
            defaults="approximate=False",
            note="Pass approximate=True for this form; the default is the exact GELU.",
        ),
        FrameworkName("Flax", function="flax.nnx.gelu"),
        FrameworkName("TensorFlow", function="tf.nn.gelu"),
        FrameworkName("MLX", function="mlx.nn.gelu_approx"),
    ),
    "silu": (
        FrameworkName("PyTorch", function="torch.nn.functional.silu", layer="torch.nn.SiLU"),
        FrameworkName("JAX", function="jax.nn.silu"),
        FrameworkName("Keras", function="keras.activations.silu"),
        FrameworkName("Flax", function="flax.nnx.silu"),
        FrameworkName("TensorFlow", function="tf.nn.silu"),
        FrameworkName("MLX", function="mlx.nn.silu", layer="mlx.nn.SiLU"),
    ),
    "mish": (
        FrameworkName("PyTorch", function="torch.nn.functional.mish", layer="torch.nn.Mish"),
        FrameworkName("JAX", function="jax.nn.mish"),
        FrameworkName("Keras", function="keras.activations.mish"),
        FrameworkName("MLX", function="mlx.nn.mish", layer="mlx.nn.Mish"),
    ),
    "hard_swish": (
        FrameworkName(
            "PyTorch", function="torch.nn.functional.hardswish", layer="torch.nn.Hardswish"
        ),
        FrameworkName("JAX", function="jax.nn.hard_silu"),
        FrameworkName("Keras", function="keras.activations.hard_silu"),
        FrameworkName("Flax", function="flax.nnx.hard_silu"),
        FrameworkName("MLX", function="mlx.nn.hardswish", layer="mlx.nn.Hardswish"),
    ),
    "squareplus": (
        FrameworkName("JAX", function="jax.nn.squareplus", defaults="b=4"),
        FrameworkName("Keras", function="keras.activations.squareplus", defaults="b=4"),
    ),
    "sparse_plus": (
        FrameworkName("JAX", function="jax.nn.sparse_plus"),
        FrameworkName("Keras", function="keras.activations.sparse_plus"),
    ),
    "isrlu": (),
    "elish": (),
    "bent_identity": (),
    "exponential": (FrameworkName("Keras", function="keras.activations.exponential"),),
    "gaussian": (),
    "sinusoid": (),
    "sinc": (),
    # vector-valued (activations/vector.py)
    "softmax": (
        FrameworkName("PyTorch", function="torch.nn.functional.softmax", layer="torch.nn.Softmax"),
        FrameworkName("JAX", function="jax.nn.softmax"),
        FrameworkName("Flax", function="flax.nnx.softmax"),
        FrameworkName("Keras", function="keras.activations.softmax", layer="keras.layers.Softmax"),
        FrameworkName("TensorFlow", function="tf.nn.softmax"),
        FrameworkName("MLX", function="mlx.nn.softmax", layer="mlx.nn.Softmax"),
    ),
    "log_softmax": (
        FrameworkName(
            "PyTorch", function="torch.nn.functional.log_softmax", layer="torch.nn.LogSoftmax"
        ),
        FrameworkName("JAX", function="jax.nn.log_softmax"),
        FrameworkName("Flax", function="flax.nnx.log_softmax"),
        FrameworkName("Keras", function="keras.activations.log_softmax"),
        FrameworkName("TensorFlow", function="tf.nn.log_softmax"),
        FrameworkName("MLX", function="mlx.nn.log_softmax", layer="mlx.nn.LogSoftmax"),
    ),
    "glu": (
        FrameworkName("PyTorch", function="torch.nn.functional.glu", layer="torch.nn.GLU"),
        FrameworkName("JAX", function="jax.nn.glu"),
        FrameworkName("Flax", function="flax.nnx.glu"),
        FrameworkName("Keras", function="keras.activations.glu"),
        FrameworkName("MLX", function="mlx.nn.glu", layer="mlx.nn.GLU"),
    ),
}
