"""Rotating a credential without downtime: which rotation (:mod:`.finding`), where it
stands and its steps (:mod:`.steps`, which says the order and why)."""

from credtui.ops.rotation.finding import Recorded as Recorded
from credtui.ops.rotation.finding import Resumption as Resumption
from credtui.ops.rotation.finding import find_rotation as find_rotation
from credtui.ops.rotation.finding import resume_candidate as resume_candidate
from credtui.ops.rotation.finding import rotatable_slots as rotatable_slots
from credtui.ops.rotation.finding import rotation_slots as rotation_slots
from credtui.ops.rotation.steps import ORDER as ORDER
from credtui.ops.rotation.steps import RotationState as RotationState
from credtui.ops.rotation.steps import RotationStep as RotationStep
from credtui.ops.rotation.steps import describe_state as describe_state
from credtui.ops.rotation.steps import locate as locate
from credtui.ops.rotation.steps import plan_step as plan_step
from credtui.ops.rotation.steps import run_step as run_step
from credtui.ops.rotation.steps import step_intent as step_intent
