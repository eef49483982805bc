-- Total cost of ownership: one row per initiative x category x nature x fiscal
-- year (SPEC section 4, Costs). run_cost_share and exit_cost_missing describe
-- the whole initiative and are repeated on each of its rows.
with

parameters as (select * from measure_parameters),

initiatives as (select * from current_initiatives),

costs as (select * from current_costs),

dated as (
    select
        costs.*,
        -- a fiscal year is named by the calendar year it ends in
        year(costs.period)
            + case
                when parameters.fiscal_year_start > 1 and month(costs.period) >= parameters.fiscal_year_start then 1
                else 0
            end as fiscal_year,
        costs.period <= parameters.as_of_month as is_to_date
    from costs
    cross join parameters
),

sums as (
    select
        initiative_id,
        category,
        coalesce(nature, 'opex') as nature,
        fiscal_year,
        coalesce(sum(planned), 0) as planned,
        coalesce(sum(planned) filter (where is_to_date), 0) as planned_to_date,
        -- to date, an empty actual counts as 0: it is never replaced by the plan
        coalesce(sum(actual) filter (where is_to_date), 0) as actual_to_date,
        coalesce(sum(planned) filter (where not is_to_date), 0) as planned_after
    from dated
    group by all
),

per_initiative as (
    select
        initiative_id,
        -- no operating or renewal cost is a share of 0, not an unknown one
        coalesce(sum(actual_to_date + planned_after) filter (where category in ('operating', 'renewal')), 0)
            / nullif(sum(actual_to_date + planned_after), 0) as run_cost_share,
        not coalesce(bool_or(category = 'exit' and planned > 0), false) as exit_cost_missing
    from sums
    group by initiative_id
),

final as (
    select
        sums.initiative_id,
        initiatives.name as initiative_name,
        initiatives.portfolio,
        initiatives.owner,
        initiatives.owner as initiative_owner,
        sums.category,
        sums.nature,
        sums.fiscal_year,
        sums.planned,
        sums.planned_to_date,
        sums.actual_to_date,
        sums.actual_to_date - sums.planned_to_date as cost_variance,
        (sums.actual_to_date - sums.planned_to_date) / nullif(sums.planned_to_date, 0) as variance_rate,
        sums.planned as tco_planned,
        sums.actual_to_date + sums.planned_after as tco_forecast,
        per_initiative.run_cost_share,
        per_initiative.exit_cost_missing
    from sums
    join per_initiative using (initiative_id)
    left join initiatives using (initiative_id)
)

select * from final
