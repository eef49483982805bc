-- One row per KPI: latest value, status, trend, staleness and whether its
-- decision card is complete (SPEC section 4, Scorecard; unmanaged: Actions).
with

parameters as (select * from measure_parameters),

kpis as (select * from current_kpis),

kpi_values as (select * from current_kpi_values),

initiatives as (select * from current_initiatives),

actions as (select * from current_actions),

recent_values as (
    select
        kpi_values.kpi_id,
        kpi_values.period,
        kpi_values.value,
        row_number() over (partition by kpi_values.kpi_id order by kpi_values.period desc) as recency
    from kpi_values
    cross join parameters
    where kpi_values.period <= parameters.as_of_month
),

latest as (
    select
        kpi_id,
        max(value) filter (where recency = 1) as latest_value,
        max(period) filter (where recency = 1) as latest_period,
        max(value) filter (where recency = 2) as previous_value,
        max(period) filter (where recency = 2) as previous_period
    from recent_values
    where recency <= 2
    group by kpi_id
),

open_actions as (
    select
        kpi_id,
        count(*) as open_actions
    from actions
    where status = 'open' and kpi_id is not null
    group by kpi_id
),

judged as (
    select
        kpis.*,
        latest.latest_value,
        latest.latest_period,
        latest.previous_value,
        latest.previous_period,
        coalesce(open_actions.open_actions, 0) as open_actions,
        case
            when latest.latest_value is null then null
            when kpis.direction = 'higher_is_better' then
                case
                    when latest.latest_value >= kpis.target then 'green'
                    when latest.latest_value >= kpis.threshold then 'amber'
                    else 'red'
                end
            else
                case
                    when latest.latest_value <= kpis.target then 'green'
                    when latest.latest_value <= kpis.threshold then 'amber'
                    else 'red'
                end
        end as status,
        case
            when latest.previous_value is null then null
            when latest.latest_value = latest.previous_value then 'flat'
            when (latest.latest_value > latest.previous_value) = (kpis.direction = 'higher_is_better')
                then 'improving'
            else 'worsening'
        end as trend,
        latest.latest_period is null
            or datediff('month', latest.latest_period, parameters.as_of_month)
            > case coalesce(kpis.frequency, 'monthly') when 'monthly' then 1 when 'quarterly' then 3 else 12 end
            as stale
    from kpis
    cross join parameters
    left join latest using (kpi_id)
    left join open_actions using (kpi_id)
),

final as (
    select
        judged.kpi_id,
        judged.name as kpi_name,
        judged.perspective,
        judged.theme,
        judged.initiative_id,
        initiatives.name as initiative_name,
        initiatives.portfolio,
        judged.owner,
        initiatives.owner as initiative_owner,
        judged.unit,
        judged.direction,
        judged.target,
        judged.threshold,
        judged.frequency,
        judged.indicator,
        judged.latest_value,
        judged.latest_period,
        judged.previous_value,
        judged.previous_period,
        judged.status,
        judged.trend,
        judged.stale,
        judged.definition is not null
            and judged.rationale is not null
            and judged.response is not null
            and judged.owner is not null
            and judged.target is not null as card_complete,
        judged.open_actions,
        -- red and nobody is doing anything about it
        coalesce(judged.status = 'red' and judged.open_actions = 0, false) as unmanaged,
        judged.definition,
        judged.rationale,
        judged.response
    from judged
    left join initiatives using (initiative_id)
)

select * from final
