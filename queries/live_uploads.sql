-- Ledger entries whose rows count: uploads, the sample and in-app edits that
-- no later entry has reverted, in the ledger as known (known_ledger.sql).
with

known as (select * from known_ledger),

reverted as (
    select reverts_upload_id as upload_id
    from known
    where reverts_upload_id is not null
),

final as (
    select known.upload_id
    from known
    anti join reverted using (upload_id)
    where known.kind <> 'revert'
)

select * from final
