-- The ledger as known: every entry, or with the session variable
-- realize_known_at set to a ledger id, only the entries up to it (SPEC
-- section 3, time travel): the views then show the data as known then.
with

final as (
    select *
    from ledger
    where getvariable('realize_known_at') is null
        or upload_id <= getvariable('realize_known_at')
)

select * from final
