-- One row per ledger entry, newest first, with what it touched and whether its
-- rows are still current.
with

ledger as (select * from known_ledger),

live_uploads as (select upload_id from live_uploads),

scopes as (select * from upload_scopes),

latest_upload_per_scope as (
    select
        scopes.sheet,
        scopes.scope_value,
        max(scopes.upload_id) as upload_id
    from scopes
    semi join live_uploads using (upload_id)
    group by scopes.sheet, scopes.scope_value
),

scope_counts as (
    select
        scopes.upload_id,
        count(*) as scopes_touched,
        count(latest.upload_id) as scopes_current
    from scopes
    left join latest_upload_per_scope as latest
        on latest.sheet = scopes.sheet
        and latest.scope_value = scopes.scope_value
        and latest.upload_id = scopes.upload_id
    group by scopes.upload_id
),

reverts as (
    select
        reverts_upload_id as upload_id,
        upload_id as reverted_by_upload_id,
        recorded_at as reverted_at,
        recorded_by as reverted_by
    from ledger
    where reverts_upload_id is not null
),

final as (
    select
        ledger.upload_id,
        ledger.kind,
        ledger.recorded_at as uploaded_at,
        ledger.recorded_by as uploaded_by,
        ledger.file_names,
        ledger.sha256,
        ledger.rows_per_sheet,
        ledger.scopes_per_sheet,
        ledger.reverts_upload_id,
        ledger.note,
        coalesce(scope_counts.scopes_touched, 0) as scopes_touched,
        coalesce(scope_counts.scopes_current, 0) as scopes_current,
        case
            when ledger.kind = 'revert' then 'revert'
            when reverts.upload_id is not null then 'reverted'
            when coalesce(scope_counts.scopes_current, 0) = 0 then 'superseded'
            when scope_counts.scopes_current < scope_counts.scopes_touched then 'partly current'
            else 'current'
        end as status,
        reverts.reverted_by_upload_id,
        reverts.reverted_at,
        reverts.reverted_by
    from ledger
    left join scope_counts using (upload_id)
    left join reverts using (upload_id)
)

select * from final
order by upload_id desc
