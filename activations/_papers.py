"""Papers (and released code) that more than one activation cites (each record lists its
references; these are the shared ones, named by first author and year, or by the code)."""

from __future__ import annotations

from activations._types import Reference

BLONDEL_2020 = Reference(
    authors="M. Blondel, A. F. T. Martins, V. Niculae",
    title="Learning with Fenchel-Young Losses",
    year=2020,
    url="https://jmlr.org/papers/v21/19-021.html",
    venue="Journal of Machine Learning Research",
    kind="article",
    arxiv="1901.02324",
    volume="21",
    pages="1–69",
)

CARLILE_2017 = Reference(
    authors="B. Carlile, G. Delamarter, P. Kinney, A. Marti, B. Whitney",
    title="Improving Deep Learning by Inverse Square Root Linear Units (ISRLUs)",
    year=2017,
    arxiv="1710.09967",
    venue="arXiv preprint",
)

DAUPHIN_2017 = Reference(
    authors="Y. N. Dauphin, A. Fan, M. Auli, D. Grangier",
    title="Language Modeling with Gated Convolutional Networks",
    year=2017,
    arxiv="1612.08083",
    venue="ICML 2017",
    kind="inproceedings",
)

DONOHO_1994 = Reference(
    authors="D. L. Donoho, I. M. Johnstone",
    title="Ideal spatial adaptation by wavelet shrinkage",
    year=1994,
    doi="10.1093/biomet/81.3.425",
    venue="Biometrika",
    kind="article",
    volume="81",
    number="3",
)

GPT2_MODEL_CODE = Reference(
    authors="OpenAI",
    title="gpt-2, src/model.py",
    year=2019,
    url="https://github.com/openai/gpt-2/blob/master/src/model.py",
    venue="released code",
)

HENDRYCKS_2016 = Reference(
    authors="D. Hendrycks, K. Gimpel",
    title="Gaussian Error Linear Units (GELUs)",
    year=2016,
    arxiv="1606.08415",
    venue="arXiv preprint",
)

HOWARD_2019 = Reference(
    authors=(
        "A. Howard, M. Sandler, G. Chu, L.-C. Chen, B. Chen, M. Tan, W. Wang, Y. Zhu,"
        " R. Pang, V. Vasudevan, Q. V. Le, H. Adam"
    ),
    title="Searching for MobileNetV3",
    year=2019,
    arxiv="1905.02244",
    venue="ICCV 2019",
    kind="inproceedings",
)

LECUN_1998 = Reference(
    authors="Y. LeCun, L. Bottou, G. B. Orr, K.-R. Müller",
    title="Efficient BackProp",
    year=1998,
    doi="10.1007/3-540-49430-8_2",
    venue="Neural Networks: Tricks of the Trade (LNCS 1524)",
    kind="incollection",
    publisher="Springer",
)

MARTINS_2016 = Reference(
    authors="A. F. T. Martins, R. F. Astudillo",
    title="From Softmax to Sparsemax: A Sparse Model of Attention and Multi-Label Classification",
    year=2016,
    arxiv="1602.02068",
    venue="ICML 2016",
    kind="inproceedings",
)

SHAZEER_2020 = Reference(
    authors="N. Shazeer",
    title="GLU Variants Improve Transformer",
    year=2020,
    arxiv="2002.05202",
    venue="arXiv preprint",
)
