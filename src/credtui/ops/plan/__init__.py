"""One plan for every change: what it sends, what it does, and whether it breaks anything.

Every change credtui makes (add with or without attach, attach, detach, a method,
JAR, binding, Token Vault or ID token signing change, delete, expiry, each rotation
step, and a new client secret) is an *intent* (:mod:`.intents`). :func:`make_plan`
(:mod:`.making`) turns an intent and the application as read into a :class:`Plan`
(:mod:`.model`): the requests it sends, the method and every slot before and after,
and its :class:`Effect`\\ s (:mod:`.effects`), each with a sentence for a person. A
plan with any effect is *breaking*.

:func:`execute` (:mod:`.sending`) is the only way a change reaches the tenant: it
re-reads the application, plans again on what the tenant holds now, refuses (sending
nothing) when that plan has an effect the caller did not accept, sends the requests,
and returns what the tenant holds afterwards. So a stale screen can never cause an
effect its person did not see, and "done" always means "read back". The TUI, the
command line and the rotation all go through here: one set of rules.
"""

from credtui.ops.plan.intents import NEW_ID as NEW_ID
from credtui.ops.plan.intents import AddCredential as AddCredential
from credtui.ops.plan.intents import Attach as Attach
from credtui.ops.plan.intents import DeleteCredential as DeleteCredential
from credtui.ops.plan.intents import Detach as Detach
from credtui.ops.plan.intents import Effect as Effect
from credtui.ops.plan.intents import Intent as Intent
from credtui.ops.plan.intents import RotateClientSecret as RotateClientSecret
from credtui.ops.plan.intents import SetAuth as SetAuth
from credtui.ops.plan.intents import SetExpiry as SetExpiry
from credtui.ops.plan.making import make_plan as make_plan
from credtui.ops.plan.model import AuthState as AuthState
from credtui.ops.plan.model import BreakingChangeError as BreakingChangeError
from credtui.ops.plan.model import Plan as Plan
from credtui.ops.plan.model import PlannedRequest as PlannedRequest
from credtui.ops.plan.sending import Outcome as Outcome
from credtui.ops.plan.sending import execute as execute
