-- One row per monetized benefit and month: planned value, and realized value
-- for months to date (empty = 0, never the plan); the cumulative planned versus
-- realized chart sums these after the filters.
with

parameters as (select * from measure_parameters),

benefits as (select * from benefit_realization where monetized),

measurements as (select * from current_benefit_measurements),

final as (
    select
        benefits.benefit_id,
        benefits.benefit_name,
        benefits.initiative_id,
        benefits.initiative_name,
        benefits.portfolio,
        benefits.owner,
        benefits.initiative_owner,
        benefits.disbenefit,
        measurements.period,
        coalesce(measurements.planned, 0) * benefits.value_factor as planned_value,
        case
            when measurements.period <= parameters.as_of_month
                then coalesce(measurements.realized, 0) * benefits.value_factor
        end as realized_value
    from measurements
    join benefits using (benefit_id)
    cross join parameters
)

select * from final
