-- The parameters of every measure, one row. realize.measures sets them on the
-- query's own cursor as one DuckDB session variable holding bound values
-- (set variable realize_parameters = {...}), so the measures can be plain views
-- that compose, and no value is ever formatted into SQL text.
with

given as (select getvariable('realize_parameters') as parameters),

final as (
    select
        parameters.as_of::date as as_of,
        date_trunc('month', parameters.as_of::date)::date as as_of_month,
        parameters.discount_rate::double as discount_rate,
        parameters.tolerance_days::integer as tolerance_days,
        parameters.fiscal_year_start::integer as fiscal_year_start,
        parameters.include_non_cash::boolean as include_non_cash,
        parameters.reporting_currency::varchar as reporting_currency,
        parameters.realization_green::double as realization_green,
        parameters.realization_amber::double as realization_amber,
        parameters.variance_green::double as variance_green,
        parameters.variance_amber::double as variance_amber,
        parameters.on_time_green::double as on_time_green,
        parameters.on_time_amber::double as on_time_amber
    from given
)

select * from final
