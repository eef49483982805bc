-- One row per initiative and month with money in it: monetized benefit minus
-- cost, planned (the plan in every month) and forecast (recorded values to
-- date, the plan after), with the discount factor for NPV (SPEC section 4,
-- Value). t counts months from the initiative's first month in costs or
-- monetized benefit measurements.
with

parameters as (select * from measure_parameters),

benefits as (select * from benefit_realization where monetized),

measurements as (select * from current_benefit_measurements),

costs as (select * from current_costs),

benefit_months as (
    select
        benefits.initiative_id,
        measurements.period,
        sum(coalesce(measurements.planned, 0) * benefits.value_factor) as benefit_planned,
        sum(
            case
                when measurements.period <= parameters.as_of_month then coalesce(measurements.realized, 0)
                else coalesce(measurements.planned, 0)
            end * benefits.value_factor
        ) as benefit_forecast
    from measurements
    join benefits using (benefit_id)
    cross join parameters
    group by all
),

cost_months as (
    select
        costs.initiative_id,
        costs.period,
        sum(coalesce(costs.planned, 0)) as cost_planned,
        sum(
            case
                when costs.period <= parameters.as_of_month then coalesce(costs.actual, 0)
                else coalesce(costs.planned, 0)
            end
        ) as cost_forecast
    from costs
    cross join parameters
    group by all
),

months as (
    select
        initiative_id,
        period,
        coalesce(benefit_months.benefit_planned, 0) as benefit_planned,
        coalesce(cost_months.cost_planned, 0) as cost_planned,
        coalesce(benefit_months.benefit_forecast, 0) as benefit_forecast,
        coalesce(cost_months.cost_forecast, 0) as cost_forecast
    from benefit_months
    full outer join cost_months using (initiative_id, period)
),

timed as (
    select
        months.*,
        datediff('month', min(months.period) over (partition by months.initiative_id), months.period)
            as months_from_start
    from months
),

final as (
    select
        timed.initiative_id,
        timed.period,
        timed.months_from_start,
        timed.period <= parameters.as_of_month as is_to_date,
        timed.benefit_planned,
        timed.cost_planned,
        timed.benefit_planned - timed.cost_planned as cf_planned,
        timed.benefit_forecast,
        timed.cost_forecast,
        timed.benefit_forecast - timed.cost_forecast as cf_forecast,
        sum(timed.benefit_planned - timed.cost_planned) over (
            partition by timed.initiative_id order by timed.period
        ) as cumulative_cf_planned,
        sum(timed.benefit_forecast - timed.cost_forecast) over (
            partition by timed.initiative_id order by timed.period
        ) as cumulative_cf_forecast,
        pow(1 + parameters.discount_rate, -timed.months_from_start / 12.0) as discount_factor
    from timed
    cross join parameters
)

select * from final
