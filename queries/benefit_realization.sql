-- One row per benefit: planned versus realized to date (SPEC section 4, Benefits).
-- Flow measures add up over months; level measures are states: never summed
-- over time and never monetized.
with

parameters as (select * from measure_parameters),

benefits as (select * from current_benefits),

initiatives as (select * from current_initiatives),

measurements as (select * from current_benefit_measurements),

measured as (
    select
        measurements.benefit_id,
        coalesce(sum(measurements.planned) filter (where measurements.period <= parameters.as_of_month), 0)
            as planned_to_date,
        -- to date, an empty realized value counts as 0: it is never replaced by the plan
        coalesce(sum(measurements.realized) filter (where measurements.period <= parameters.as_of_month), 0)
            as realized_to_date,
        count(*) filter (
            where measurements.period <= parameters.as_of_month
            and measurements.planned is not null
            and measurements.realized is null
        ) as unmeasured_periods,
        coalesce(sum(measurements.planned), 0) as planned_total,
        arg_max(measurements.realized, measurements.period) filter (
            where measurements.period <= parameters.as_of_month and measurements.realized is not null
        ) as latest_realized,
        max(measurements.period) filter (
            where measurements.period <= parameters.as_of_month and measurements.realized is not null
        ) as latest_realized_period,
        arg_max(measurements.planned, measurements.period) filter (
            where measurements.period <= parameters.as_of_month and measurements.planned is not null
        ) as planned_level
    from measurements
    cross join parameters
    group by measurements.benefit_id
),

valued as (
    select
        benefits.*,
        benefits.measure = 'flow'
            and benefits.unit_value is not null
            and (benefits.type = 'cash_releasing' or parameters.include_non_cash) as monetized,
        benefits.unit_value
            * coalesce(benefits.attribution_pct, 100) / 100
            * case when benefits.disbenefit then -1 else 1 end as value_factor
    from benefits
    cross join parameters
),

final as (
    select
        valued.benefit_id,
        valued.name as benefit_name,
        valued.initiative_id,
        initiatives.name as initiative_name,
        initiatives.portfolio,
        valued.owner,
        initiatives.owner as initiative_owner,
        valued.type,
        valued.perspective,
        valued.unit,
        valued.measure,
        valued.baseline,
        valued.target,
        valued.unit_value,
        valued.attribution_pct,
        coalesce(valued.disbenefit, false) as disbenefit,
        valued.type = 'cash_releasing' as counts_as_cash,
        valued.monetized,
        case when valued.monetized then valued.value_factor end as value_factor,
        case when valued.measure = 'flow' then coalesce(measured.planned_to_date, 0) end as planned_to_date,
        case when valued.measure = 'flow' then coalesce(measured.realized_to_date, 0) end as realized_to_date,
        case when valued.measure = 'flow' then coalesce(measured.unmeasured_periods, 0) end as unmeasured_periods,
        case when valued.measure = 'flow' then coalesce(measured.planned_total, 0) end as planned_total,
        case when valued.measure = 'level' then measured.latest_realized end as latest_realized,
        measured.latest_realized_period,
        case when valued.measure = 'level' then measured.planned_level end as planned_level,
        case
            when valued.measure = 'level'
                then (measured.latest_realized - valued.baseline) / nullif(valued.target - valued.baseline, 0)
        end as progress_rate,
        case
            when valued.measure = 'flow'
                then measured.realized_to_date / nullif(measured.planned_to_date, 0)
            else (measured.latest_realized - valued.baseline) / nullif(measured.planned_level - valued.baseline, 0)
        end as realization_rate,
        case
            when valued.monetized then coalesce(measured.planned_to_date, 0) * valued.value_factor
        end as planned_value_to_date,
        case
            when valued.monetized then coalesce(measured.realized_to_date, 0) * valued.value_factor
        end as realized_value_to_date,
        case when valued.monetized then coalesce(measured.planned_total, 0) * valued.value_factor end
            as planned_value_total
    from valued
    left join measured using (benefit_id)
    left join initiatives using (initiative_id)
)

select * from final
