-- One row per balanced-scorecard perspective over the KPIs in $kpi_ids (those
-- the filters leave): how many KPIs, leading and lagging; a perspective
-- without any KPI is flagged.
with

scorecard as (select * from scorecard where list_contains($kpi_ids, kpi_id)),

perspectives as (
    select *
    from (values (1, 'financial'), (2, 'customer'), (3, 'internal_process'), (4, 'learning_growth'))
        as perspectives (position, perspective)
),

counted as (
    select
        perspective,
        count(*) as kpis,
        count(*) filter (where indicator = 'leading') as leading,
        count(*) filter (where indicator = 'lagging') as lagging,
        count(*) filter (where status = 'red') as red,
        count(*) filter (where stale) as stale
    from scorecard
    group by perspective
),

final as (
    select
        perspectives.perspective,
        coalesce(counted.kpis, 0) as kpis,
        coalesce(counted.leading, 0) as leading,
        coalesce(counted.lagging, 0) as lagging,
        coalesce(counted.kpis, 0) - coalesce(counted.leading, 0) - coalesce(counted.lagging, 0) as unclassified,
        coalesce(counted.red, 0) as red,
        coalesce(counted.stale, 0) as stale,
        coalesce(counted.kpis, 0) = 0 as missing
    from perspectives
    left join counted using (perspective)
    order by perspectives.position
)

select * from final
