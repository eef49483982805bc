-- The latest month for which anything was recorded: a realized benefit, a booked cost or a KPI value.
-- Pages offer it as the as-of date when the data ends months before the date they are shown at.
with

realized as (
    select max(period) as latest_month
    from current_benefit_measurements
    where realized is not null
),

booked as (
    select max(period) as latest_month
    from current_costs
    where actual is not null
),

measured as (
    select max(period) as latest_month
    from current_kpi_values
    where value is not null
),

final as (
    -- greatest skips the kinds with nothing recorded; all empty gives null
    select greatest(realized.latest_month, booked.latest_month, measured.latest_month)::date as latest_month
    from realized
    cross join booked
    cross join measured
)

select * from final
