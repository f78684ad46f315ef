"""A local Auth0 tenant: the Management API endpoints credtui uses and ``/oauth/token``.

It answers with Auth0's paths, fields, status codes, error bodies, limits and
rate-limit headers (``reference/auth0-api-facts.md``; section 8 is the
checklist). It is the demo's backend and the server every API and UI test talks
to. Modules:

* :mod:`.app` — :class:`Emulator`, the ASGI app (logging, faults, rate limit), over
  :mod:`.state` — :class:`~credtui.emulator.state.EmulatorState`, the tenant's state,
  controls and direct helpers, which the routes and seeds take;
* :mod:`.routes_oauth` — ``/oauth/token`` and ``/.well-known/…``;
* :mod:`.routes_clients`, :mod:`.routes_credentials` — the ``/api/v2/clients…`` routes;
  :mod:`.client_secret` — ``POST /api/v2/clients/{id}/rotate-secret``;
* :mod:`.web` — JSON and error responses, bearer checks, request bodies;
* :mod:`.store` — tenant state and indexes; :mod:`.clock` — the movable clock;
* :mod:`.rules` — Auth0's error bodies and schema validation (texts from :mod:`credtui.rules`);
* :mod:`.clients`, :mod:`.credentials` — the application and credential rules;
  :mod:`.token_vault` — the ``token_vault_privileged_access`` slot; :mod:`.plans` — ``--plan``;
  :mod:`.client_schema` — every declared client field and its type (the spec's
  schemas: :mod:`.spec_client`, data in ``spec_client.json``);
  :mod:`.client_filters` — the list's filters;
* :mod:`.oauth` — the token endpoint's rules, the Management API tokens and the signing key;
* :mod:`.ratelimit` — the token bucket; :mod:`.controls`, :mod:`.control_routes` — ``/__emulator/``;
* :mod:`.guard` — loopback ``Host``, the control token, JSON-only control bodies;
  :mod:`.redact` — secrets out of the request log;
* :mod:`.seed` — ``demo`` (:mod:`.demo_seed`), ``empty`` and generated tenants
  (:mod:`.generated_seed`), built with :mod:`.seed_parts`; :mod:`.server` — uvicorn.

Decisions where no source settles Auth0's behaviour (facts section 9 and more);
each is a choice plus its reason:

1. **errorCode of credential-rule errors** (duplicate key, 4-per-client cap,
   still attached, unknown id in an attach, wrong type in a slot, mutually
   exclusive fields): no ``errorCode`` key. Terraform's engineers say none is
   usable for "still attached"; emitting an invented code would invite clients to
   depend on it. Schema failures keep ``invalid_body`` (recorded).
2. **Status of the 4-credential cap**: 400, like every other body rule.
3. **Unknown credential** on GET/PATCH: 404 ``The credential does not exist`` with
   no ``errorCode`` (the facts' inferred body). Unknown client: 404
   ``The client does not exist`` / ``inexistent_client`` (recorded for GET /clients/{id}).
4. **PATCH credential ``{"expires_at": null}``**: accepted; clears the expiry
   (the 2026 spec allows null; the terraform note predates it). PATCH on an
   ``x509_cert``/``cert_subject_dn`` credential: 400, their expiry is the
   certificate's (x509) or absent (DN).
5. **A past ``expires_at``** on create or PATCH: accepted (Auth0 accepted an
   already expired certificate for ``cert_subject_dn``; the client checks dates
   before sending anyway).
6. **Type-specific fields on the wrong type** (``alg``, ``kid``, ``expires_at``,
   ``parse_expiry_from_cert`` on certificate types; ``subject_dn`` outside
   ``cert_subject_dn``): 400. Stricter than Auth0 may be, so code that works
   here does not rely on Auth0 ignoring them.
7. **PEM problems** (unreadable, not RSA, RSA outside 2048-4096 for
   ``public_key``, a public key where a certificate is needed): 400
   ``invalid_body`` with :mod:`credtui.keys`/:mod:`credtui.rules` texts (Auth0's
   are not recorded). ``x509_cert`` does not enforce key size (a 1024-bit
   certificate was recorded as accepted).
8. **Duplicate key**: per client and per credential type, by the SHA-256 of the
   key's SPKI (so a certificate and its bare public key collide as
   ``public_key``); a custom ``kid`` does not make a different key. The same
   key on another client is fine (the recorded kid reuse across clients). The
   rule is :func:`credtui.rules.same_key`, which the client's checks call too.
9. **DN matching for ``tls_client_auth``**: both DNs go through
   :func:`credtui.keys.normalise_subject_dn`, then compare equal.
10. **``/oauth/token`` errors** (bad secret, bad/replayed/expired assertion,
    mTLS mismatch, method not enabled): 401
    ``{"error":"access_denied","error_description":…}``; ``Unauthorized`` for
    secrets (facts 4.2), a specific sentence for assertions and mTLS so a person
    can act on it. Grant type not allowed: 403 ``unauthorized_client``; no
    audience: 403 ``Non-global clients are not allowed access to APIv1``; audience
    unknown: 403 ``Service not found: …``; no client grant: 403 ``Client is not
    authorized to access …`` (Auth0's texts as commonly reported).
11. **Assertion ``aud``**: ``https://{tenant}/`` or the emulator's base URL with
    a trailing slash; the token-endpoint URL is refused (Auth0 must accept the
    base URL; code that only sends the base URL works on both). ``kid`` in the
    header is optional; when present it must equal an attached credential's kid.
    ``alg`` must equal that credential's ``alg``.
12. **mTLS**: no ``cname-api-key`` check (there is no custom domain here); the
    edge headers are trusted as Auth0 trusts its edge. ``SUCCESS`` selects
    ``tls_client_auth``, ``FAILED…`` ``self_signed_tls_client_auth``.
13. **``access_token.tls_client_certificate_binding``**: accepted and echoed on
    POST/PATCH /clients; when true, mTLS tokens carry ``cnf.x5t#S256``.
14. **Both ``token_endpoint_auth_method`` and ``client_authentication_methods``
    set, or both null after a PATCH that nulls one**: 400 ``invalid_body``. The
    resulting state is checked, so ``{"client_authentication_methods": {...}}``
    alone on a client that still has a ``token_endpoint_auth_method`` is refused
    (every recorded switch sends both fields). A client created without either
    (decision 20) stays valid under PATCHes that do not touch them; one that sends
    ``null`` for either and leaves neither is refused ("API doesn't accept nil on
    both of these", facts 3.2).
15. **Attaching needs an asymmetric ``jwt_configuration.alg``** (absent means
    HS256): 400 otherwise (the spec's POST/PATCH descriptions require RS256;
    PS256 was recorded working).
16. **Reading ``client_secret``/``client_authentication_methods`` without
    ``read:client_keys``/``read:client_credentials``**: omitted from reads; asked
    for explicitly with ``fields``: 403 ``You cannot read the following fields: …``.
17. **Client list order**: creation order. ``from`` checkpoints are opaque
    (they encode a creation sequence number) and never expire. ``Link`` is sent
    only for the bare-array (page) shape, with ``first``, ``prev``, ``next``,
    ``last`` as applicable. ``tenant`` is added even under ``fields`` — also on
    ``GET /clients/{id}``.
18. **Rate limit**: one bucket for ``/api/v2`` (``/oauth/token`` is not
    limited); every request takes a token (errors included); ``X-RateLimit-*``
    on 2xx and on 429, not on other errors; ``X-RateLimit-Reset`` = when the
    bucket is full again, UNIX seconds (rounded up). No ``Retry-After``.
19. **Credential list order**: creation order (Auth0's is unspecified).
20. **Inline credentials on POST /clients** are echoed in full in the 201; every
    later read shows ``{"id"}`` only. **No default ``token_endpoint_auth_method``**:
    a client created without it has no such key in any answer, whatever its
    ``app_type`` (75 recorded creates, facts 3.1), and ``/oauth/token`` takes its
    secret in the body or as Basic. The demo's "Fraud Scoring Service" and a third
    of a generated tenant's secret-based applications are such clients.
21. **Management tokens**: RS256 JWTs signed with a key generated at start-up
    (JWKS at ``/.well-known/jwks.json``); ``iss`` = base URL + ``/``; ``aud`` as
    requested (``https://{tenant}/api/v2/`` or ``{base}/api/v2/``); 86400 s.
    Scopes are those of the client grant, narrowed by a ``scope`` parameter.
22. **Unknown ``/api/v2`` paths and wrong methods**: 404 ``Not Found`` without
    ``errorCode`` (recorded shape). A body that is not JSON: 400
    ``Invalid request payload JSON format``.
23. **``DELETE /clients/{id}`` of an unknown id**: 204, like the idempotent
    credential delete.
24. **A literal ``subject_dn``** is stored as sent (only the length rule
    applies); a DN taken from a certificate is in Auth0's newline form
    (:mod:`credtui.keys`).
25. **Demo private keys** are generated at start-up and kept in memory only
    (``Emulator.demo_private_keys``) so the demo's Private Key JWT applications
    can really get tokens; nothing is written to disk, and no route serves them:
    the only holders that need them (``credtui demo``, which runs the tenant in
    its own process, and the tests) read that attribute in-process.
26. **Who may talk to the local tenant** (not an Auth0 behaviour: a local
    server's duty). Every route, the Management API and ``/oauth/token``
    included, answers only a loopback ``Host`` (127.0.0.0/8, ``[::1]``,
    ``localhost``, any port; a missing one too is refused): 403 in Auth0's error
    shape otherwise, before logging. DNS rebinding would otherwise let a web
    page drive the tenant, and nothing legitimate reaches a server bound to
    127.0.0.1 under another name (the in-process tests use
    ``http://127.0.0.1:8765``). The ``/__emulator`` controls also need the run's
    control token (``secrets.token_urlsafe(32)``, the ready line's
    ``control_token``) in ``X-Emulator-Token`` (401 ``{"error": …}`` for any
    control path, known or not, without it), and a ``POST``/``PUT``/``PATCH``
    to them must be ``application/json`` (415). The control token is its own
    header, not ``Authorization``, so a Management API token never opens the
    controls and the controls' token is never mistaken for an API token.
    The request log stores every request with secrets replaced by
    ``[redacted]``: ``Authorization`` (scheme kept), cookies, secret form,
    query and JSON fields (``client_secret``, ``client_assertion``, tokens …)
    and any private-key PEM block.
27. **``token_vault_privileged_access``** (:mod:`.token_vault`; the spec's
    types, no recording): inline ``public_key`` definitions on ``POST
    /clients`` (needing ``create:client_credentials``, as every inline
    credential does), ``{"id"}`` references on ``PATCH`` (needing
    ``update:client_token_vault_privileged_access``; the other update scopes
    are not enough). ``credentials`` is required; a ``PATCH`` replaces it and
    merges ``ip_allowlist``/``grants`` (absent keys keep their values, as for
    ``signed_request_object``); ``null`` removes the setting. **Partial PATCH, the
    sources conflicting** (the SDK types make only ``credentials`` required, so a
    PATCH may leave the others out; terraform always sends all three and clears
    with ``[]``, recorded #44; no recording shows one left out): chosen, the merge,
    because the recorded JAR merge (terraform SRO #16) is the same server path for
    credential slots (facts 3.1 [INF]) and ``[]`` is how the recorded client
    clears. **Limits** (facts 3.1): ``ip_allowlist`` at most 10 entries, each an
    IPv4/IPv6 address or CIDR range (host bits may be set; the format's name
    ``ip-or-cidr`` is ours), ``grants`` at most 5, and 20 scopes across them
    (``Too many scopes in all grants (N), maximum 20`` on ``…grants``): Auth0's
    texts are unknown, so z-schema's payload-validation form, on ``POST`` and
    ``PATCH`` alike. **Entitlement** (Early Access, facts 3.1 [ENG], medium
    confidence): a tenant without it (``--no-token-vault``, ``PUT /__emulator/plan
    {"token_vault": false}``) answers 403 ``Token Vault privileged access is not
    enabled for this tenant`` (no ``errorCode``; the wording is a guess modelled on
    the spec's 403s for other features a tenant lacks, e.g. "Synchronized groups
    selection is not enabled for this tenant") to a write that sets it; ``null``
    (detaching), reads and every other write are not refused, as for a plan. Only
    ``public_key`` credentials, at most two, and an attached one cannot be
    deleted (the same text as every slot). It is not client authentication: it
    leaves ``token_endpoint_auth_method`` alone, is not used at
    ``/oauth/token``, and is returned without ``read:client_keys`` (like
    ``signed_request_object``).
28. **Plans** (:mod:`.plans`, ``--plan``; Auth0's refusal text is not
    recorded). Private Key JWT (and every ``public_key`` credential) needs
    Enterprise; mTLS, JAR and token binding need the Highly Regulated Identity
    add-on (Enterprise only). On a plan without a feature, a write that turns it
    on (``POST …/credentials`` of that type; ``client_authentication_methods``, a
    ``signed_request_object`` with credentials or ``required``,
    ``access_token.tls_client_certificate_binding`` on ``POST``/``PATCH
    /clients``; an inline ``token_vault_privileged_access`` key on ``POST
    /clients``, which creates a ``public_key`` credential like any other, so the
    table has one row for it) gets 403 without ``errorCode`` (decision 1),
    checked after the scopes and before the body's schema. **Wording**: no client
    or credential endpoint of the spec documents a plan 403, so the text is a
    guess: the spec's documented 403 for another subscription-gated feature
    (``POST /network-acls``: "Entitlement is not enabled for this tenant. Please
    upgrade your subscription to enable Tenant ACL Management."), with the
    feature's name in its place (``…to enable Private Key JWT.``). Reads, deletes, detaching
    and ``/oauth/token`` are never refused, and seeding ignores the plan: a
    lower plan looks like a downgraded tenant that keeps its settings. The
    feature and plan words are :func:`credtui.errors.plan_feature_for`'s, the
    table the client explains a refusal with.
29. **The whole client schema** (:mod:`.client_schema` over :mod:`.spec_client`,
    generated from the spec by ``scripts/generate_client_schema.py``): every
    ``POST``/``PATCH /clients`` field the spec declares, with all its constraints
    (types and nulls, enumerations, ``name``'s ``^[^<>]+$``, ``minProperties: 1``
    on PATCH, ``client_metadata``'s 10 keys, nested required keys such as
    ``refresh_token``'s, bounds such as ``par_request_expiry`` 10-600, formats);
    plus, by name, the fields the SDKs send that this copy of the spec lacks
    (``fedcm_login``, ``anonymous_sessions`` …, ``native_social_login`` nullable on
    PATCH as in SDK 7.1.0) and the credential fields' own schemas. Values are
    stored and returned as sent; anything undeclared gets "Additional properties
    not allowed". ``client_secret`` is ``PATCH``-only and
    ``resource_server_identifier`` ``POST``-only, as in the spec. ``null`` is
    stored and returned as ``null``. ``oidc_backchannel_logout`` (deprecated) is
    stored and returned as ``oidc_logout``; ``oidc_support`` is accepted but,
    absent from the spec's ``Client``, not returned. Defaults are the recorded
    ones only: a new client's (recorded terraform/go-auth0 creates), and a
    ``resource_server`` client's ``oidc_conformant: true``, ``grant_types: []``
    and ``jwt_configuration.alg: RS256`` (go-auth0 2025-08); a field never set is
    not returned. ``created_at``/``updated_at`` (declared by the spec, absent from
    the recordings, whose clients were re-serialised by Go and lost unknown keys)
    follow ``client_id``; ``updated_at`` moves on every ``PATCH``. Seeded
    applications are backdated (weeks to two years) so they are older than their
    credentials.
30. **Client list filters** (:mod:`.client_filters`; the spec's texts, no
    recording): ``app_type`` must match the spec's pattern, a comma-separated
    list of known types without spaces and not empty (400 ``String does not
    match pattern``, z-schema's words);
    ``is_global=true`` matches exactly the global client (decision 31);
    ``external_client_id`` matches the stored value (set only by tests: it is
    read-only in Auth0). ``q`` accepts exactly
    ``client_grant.organization_id:{id}`` or
    ``client_grant.allow_any_organization:true`` (organisation grants are
    recorded with ``Emulator.grant_organizations``), with ``from``/``take``
    only and no other filter; otherwise 400 ``invalid_query_string`` saying
    which rule was broken. Its reduced rate limit is not emulated.
31. **The global client** (recorded: terraform ``TestAccGlobalClient.yaml``,
    ``TestAccDataClients.yaml``): every tenant, whatever its seed, has one
    ``"global": true`` client named "All Applications", with no ``app_type``,
    neither method key, a client secret and the recorded fields. It is listed
    last (as recorded), is the only answer to ``is_global=true``, and can be read
    and PATCHed by id. Not recorded, so chosen: it cannot be deleted (400 "The
    global client cannot be deleted") nor hold credentials (400 "The global client
    cannot hold credentials" on ``POST …/credentials``); its credential list is
    ``[]``. Its id and secret come from their own generator, so a seeded tenant's
    other ids do not move.
32. **``fields``** (``GET /clients`` and ``GET /clients/{id}``; the spec's
    pattern, :data:`.spec_client.CLIENT_FIELDS`): every name must be one the
    pattern lists, dotted sub-fields included, without spaces; otherwise 400
    ``invalid_query_string`` ``String does not match pattern <pattern>: <value>``
    (z-schema's words; Auth0's exact text is not recorded). One more name is
    accepted: ``access_token``, the legacy token-binding toggle of decision 13
    (whether a current tenant lists it is unknown, facts 9). Empty ``fields``
    means every field ("Leave empty to retrieve all fields"). A dotted name keeps
    (or, with ``include_fields=false``, leaves out) that key of the object; an
    object left with none of the asked keys is not returned. A sub-field of
    ``client_secret``/``client_authentication_methods`` needs the key-reading
    scopes as the field does. ``external_client_id`` is 1-120 characters.
33. **The ``credential-id`` format** (the spec names it on every ``{"id"}``
    reference, without a rule): ``cred_`` and 22 base58 characters, the shape of
    every recorded id (:data:`credtui.rules.CREDENTIAL_ID_PATTERN`). A malformed
    id fails schema validation (400 ``invalid_body``, ``Object didn't pass
    validation for format credential-id: …``) before the "do not exist" check
    that a well-formed unknown id gets.
34. **The spec's other formats** (named, not defined, by the spec; z-schema's
    "Object didn't pass validation for format …"): ``url``/``url-or-null`` an
    ``http(s)://host…`` URL; ``absolute-uri-or-empty`` empty or any
    ``scheme:…`` URI; ``callback-url`` any ``scheme:…`` URI (native apps use
    their own schemes; wildcards pass); ``url-with-placeholders`` any
    ``scheme://host…`` (``*`` and ``{…}`` pass); ``absolute-https-uri-with-
    placeholders-or-empty`` and ``ec-initiate-login-uri-template-url``
    ``https://host…`` (the former also empty); ``organization-id``
    ``org_`` + letters and digits. ``client-id``, ``connection-profile-id`` and
    ``user-attribute-profile-id`` are not checked (no recorded shape).
35. **``POST /clients/{id}/rotate-secret``** (:mod:`.client_secret`; the spec,
    no recording). Scope ``update:client_keys`` only (the spec's one scope;
    ``update:clients`` gets the usual 403). No body is read (anything sent is
    ignored). 200 with the whole client as ``GET /clients/{id}`` returns it to
    a key reader, the new ``client_secret`` included (the spec's
    ``RotateClientSecretResponseContent`` is the client); ``updated_at``
    moves. The new secret is made like every secret here (64 URL-safe
    characters, not base64 of anything, as the spec says) and replaces the old
    one at once: from the answer on, ``/oauth/token`` refuses the old secret
    and accepts the new one. Auth0's docs once warned of up to 30 seconds'
    delay and later removed the warning; no grace period is emulated, so code
    that works here does not depend on one. A client with
    ``client_authentication_methods`` set (any of the three methods: the spec
    names Private Key JWT, and mTLS hides the secret the same way): 400
    ``The client secret cannot be rotated while client_authentication_methods
    is configured (<method>); …`` without ``errorCode`` (decision 1; Auth0's
    text is not recorded). A public client (``none``) may rotate, as Auth0
    keeps a secret for it. Unknown client: 404 ``inexistent_client``.
"""

from __future__ import annotations

from credtui.emulator.app import Emulator
from credtui.emulator.clock import TenantClock
from credtui.emulator.store import MANAGEMENT_SCOPES, Client, Credential, Tenant

__all__ = ["MANAGEMENT_SCOPES", "Client", "Credential", "Emulator", "Tenant", "TenantClock"]
