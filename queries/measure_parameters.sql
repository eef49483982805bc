-- The parameters of every measure, one row: a column per field of the realize_parameters session variable
-- (what the user looks at, then every setting, each cast to its type when it was bound), and the as-of month.
-- realize.measures sets it on the query's own cursor from bound values (set variable realize_parameters =
-- {...}), so the measures can be plain views that compose, and no value is ever formatted into SQL text.
with

given as (select getvariable('realize_parameters') as parameters),

final as (
    select
        unnest(parameters),
        date_trunc('month', parameters.as_of)::date as as_of_month
    from given
)

select * from final
