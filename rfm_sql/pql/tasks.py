"""The task vocabulary: what a predictive query asks for, and how its labels are modelled."""

from __future__ import annotations

import enum


class TargetKind(enum.StrEnum):
    """How the model treats a label: as one of a set of classes, or as a number."""

    CLASSIFICATION = "classification"
    REGRESSION = "regression"


class TaskType(enum.Enum):
    """What a query predicts (PQL.md, "Task types")."""

    BINARY = "binary"
    REGRESSION = "regression"
    MULTICLASS = "multiclass"
    LINK_PREDICTION = "link_prediction"
    MULTILABEL = "multilabel"
    FORECASTING = "forecasting"

    @property
    def target_kind(self) -> TargetKind:
        return (
            TargetKind.REGRESSION if self in (TaskType.REGRESSION, TaskType.FORECASTING) else TargetKind.CLASSIFICATION
        )

    @property
    def predictable(self) -> bool:
        """Whether `predict` and `evaluate` serve this task type yet (the others have labels only)."""
        return self in (
            TaskType.BINARY,
            TaskType.REGRESSION,
            TaskType.MULTICLASS,
            TaskType.LINK_PREDICTION,
            TaskType.MULTILABEL,
            TaskType.FORECASTING,
        )
