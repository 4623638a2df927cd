"""The typed sections of the stance models' hyperparameters: one frozen dataclass per model table.

[logreg], [linear_svm], [complement_nb] and [sgd] each configure one classifier and the grid its nested
search tries; [soft_vote] names the models it averages, each built from its own section
(experiments/stance/models.py, experiments/stance/softvote.py).
Illustration: SoftVote().members -> ("logreg", "linear_svm")
"""
from __future__ import annotations

from dataclasses import dataclass

from features.settings import setting

BASE_MODELS = ("logreg", "linear_svm", "complement_nb", "sgd")  # the models a soft vote can average
MODELS = (*BASE_MODELS, "soft_vote")
GRIDS = {"logreg": ("C", "C_grid"), "linear_svm": ("C", "C_grid"), "complement_nb": ("alpha", "alpha_grid"),
         "sgd": ("alpha", "alpha_grid")}  # model -> (searched hyperparameter, its grid key in the config)


@dataclass(frozen=True, kw_only=True)
class LogReg:
    """[logreg]"""

    C: float = setting(1.0, min=1e-6)
    C_grid: tuple[float, ...] = setting([0.1, 1.0, 10.0], min=1e-6, max_items=50)
    class_weight: str = setting("balanced", choices=("balanced", "none"))
    max_iter: int = setting(2000, min=1, max=100_000)


@dataclass(frozen=True, kw_only=True)
class LinearSVM:
    """[linear_svm]"""

    C: float = setting(1.0, min=1e-6)
    C_grid: tuple[float, ...] = setting([0.1, 1.0, 10.0], min=1e-6, max_items=50)
    class_weight: str = setting("balanced", choices=("balanced", "none"))
    max_iter: int = setting(5000, min=1, max=100_000)


@dataclass(frozen=True, kw_only=True)
class ComplementNB:
    """[complement_nb]"""

    alpha: float = setting(0.5, min=1e-6)
    alpha_grid: tuple[float, ...] = setting([0.1, 0.5, 1.0], min=1e-6, max_items=50)
    norm: bool = setting(False)


@dataclass(frozen=True, kw_only=True)
class SGD:
    """[sgd]"""

    loss: str = setting("modified_huber", choices=("hinge", "log_loss", "modified_huber"))
    alpha: float = setting(1e-4, min=1e-9)
    alpha_grid: tuple[float, ...] = setting([1e-5, 1e-4, 1e-3], min=1e-9, max_items=50)
    penalty: str = setting("l2", choices=("l2", "l1", "elasticnet"))
    class_weight: str = setting("balanced", choices=("balanced", "none"))
    max_iter: int = setting(1000, min=1, max=100_000)
    tol: float = setting(1e-4, min=0.0)


@dataclass(frozen=True, kw_only=True)
class SoftVote:
    """[soft_vote] the average of its members' class probabilities, each member built from its own section;
    its search sets every member's searched hyperparameter to the i-th value of that member's grid at once
    (the grids zipped, not multiplied out: 3 settings, not 9)"""

    members: tuple[str, ...] = setting(["logreg", "linear_svm"], choices=BASE_MODELS)
    # a member without predict_proba (linear_svm, sgd with hinge loss) gives softmax(decision_function / this);
    # fixed, not fitted, so that no extra fit is made and nothing is tuned on a test row
    temperature: float = setting(1.0, min=1e-3)
