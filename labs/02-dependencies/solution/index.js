// Lab 2 solution: axios, installed with npm, calls the quotes API.
const axios = require('axios');

exports.handler = async (event) => {
  const url = `${process.env.QUOTES_API_URL}/quotes/random`;
  const response = await axios.get(url);
  const data = response.data;
  console.log(`Quote ${data.id} by ${data.author}`);
  return { quote: data.text, author: data.author };
};
