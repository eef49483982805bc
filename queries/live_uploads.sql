-- Ledger entries whose rows count: uploads, the sample and in-app edits that
-- no later entry has reverted.
with

ledger as (select * from ledger),

reverted as (
    select reverts_upload_id as upload_id
    from ledger
    where reverts_upload_id is not null
),

final as (
    select ledger.upload_id
    from ledger
    anti join reverted using (upload_id)
    where ledger.kind <> 'revert'
)

select * from final
